using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// Maven Surefire: the <c>Tests run: N, Failures: F, Errors: E, Skipped: S</c> total after <c>Results:</c> (the last
/// such line without a class name), and the failed tests listed under <c>Failures:</c>/<c>Errors:</c>
/// (<c>[ERROR]   CalcTest.subtracts:7 expected:...</c>). JaCoCo coverage is not printed by Maven, so none is reported.
/// </summary>
public static partial class MavenOutputParser
{
    /// <summary>Parses Maven's output; <c>null</c> when no Surefire total is present.</summary>
    public static TestReport? Parse(string output)
    {
        TestReport? report = null;
        var failures = new List<string>();
        var inFailureList = false;
        foreach (var line in OutputText.Lines(output))
        {
            var text = LevelPrefix().Replace(line, "");
            if (Total().Match(text) is { Success: true } total)
            {
                var run = OutputText.Number(total.Groups["run"]);
                var failed = OutputText.Number(total.Groups["failures"]) + OutputText.Number(total.Groups["errors"]);
                var skipped = OutputText.Number(total.Groups["skipped"]);
                report = new TestReport(TestFramework.Maven, run - failed - skipped, failed, skipped, failures);
                inFailureList = false;
            }
            else if (text.Trim() is "Failures:" or "Errors:" or "Failed tests:" or "Tests in error:")
            {
                inFailureList = true;
            }
            else if (inFailureList && FailedTest().Match(text) is { Success: true } test)
            {
                failures.Add(test.Groups["name"].Value);
            }
            else if (inFailureList && text.Trim().Length == 0)
            {
                inFailureList = false;
            }
        }

        return report;
    }

    [GeneratedRegex(@"^\[(?:INFO|ERROR|WARNING)\] ?")]
    private static partial Regex LevelPrefix();

    // The per-class lines end with "-- in Class" or "- in Class"; the total does not.
    [GeneratedRegex(@"^Tests run: (?<run>\d+), Failures: (?<failures>\d+), Errors: (?<errors>\d+), Skipped: (?<skipped>\d+)\s*$")]
    private static partial Regex Total();

    [GeneratedRegex(@"^\s{2,}(?:Run \d+: )?(?<name>[\w$.]+[.#][\w$]+(?:\([^)]*\))?)(?::\d+)?")]
    private static partial Regex FailedTest();
}
