using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// Gradle: failed tests from <c>CalcTest &gt; subtracts() FAILED</c> lines and the <c>N tests completed, F failed,
/// S skipped</c> summary Gradle prints when something failed. A green run prints no counts: then only the per-test
/// lines (with <c>--info</c> or a test logger showing PASSED/SKIPPED) can be counted.
/// </summary>
public static partial class GradleOutputParser
{
    /// <summary>Parses Gradle's output; <c>null</c> when it shows neither test lines nor a summary.</summary>
    public static TestReport? Parse(string output)
    {
        int passedLines = 0, failedLines = 0, skippedLines = 0;
        (int Completed, int Failed, int Skipped)? summary = null;
        var failures = new List<string>();
        foreach (var line in OutputText.Lines(output))
        {
            if (TestLine().Match(line) is { Success: true } test)
            {
                var name = $"{test.Groups["class"].Value} > {test.Groups["test"].Value}";
                switch (test.Groups["verdict"].Value)
                {
                    case "PASSED": passedLines++; break;
                    case "SKIPPED": skippedLines++; break;
                    default:
                        failedLines++;
                        if (!failures.Contains(name)) failures.Add(name);
                        break;
                }
            }
            else if (Summary().Match(line) is { Success: true } s)
            {
                summary = (OutputText.Number(s.Groups["completed"]), OutputText.Number(s.Groups["failed"]), OutputText.Number(s.Groups["skipped"]));
            }
        }

        if (summary is { } total) return new TestReport(TestFramework.Gradle, total.Completed - total.Failed - total.Skipped, total.Failed, total.Skipped, failures);
        return passedLines + failedLines + skippedLines > 0 ? new TestReport(TestFramework.Gradle, passedLines, failedLines, skippedLines, failures) : null;
    }

    [GeneratedRegex(@"^(?<class>[\w$.]+) > (?<test>.+?) (?<verdict>PASSED|FAILED|SKIPPED)\s*$")]
    private static partial Regex TestLine();

    [GeneratedRegex(@"^(?<completed>\d+) tests? completed(?:, (?<failed>\d+) failed)?(?:, (?<skipped>\d+) skipped)?")]
    private static partial Regex Summary();
}
