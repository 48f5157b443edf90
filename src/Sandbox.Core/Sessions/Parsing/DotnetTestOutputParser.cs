using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// <c>dotnet test</c> (VSTest console output): one <c>Failed!/Passed!  - Failed: F, Passed: P, Skipped: S, Total: T</c>
/// line per test assembly (summed) and <c>  Failed Namespace.Class.Test [12 ms]</c> lines.
/// </summary>
public static partial class DotnetTestOutputParser
{
    /// <summary>Parses <c>dotnet test</c> output; <c>null</c> when no assembly summary is present.</summary>
    public static TestReport? Parse(string output)
    {
        int passed = 0, failed = 0, skipped = 0;
        var any = false;
        var failures = new List<string>();
        foreach (var line in OutputText.Lines(output))
        {
            if (Summary().Match(line) is { Success: true } s)
            {
                any = true;
                failed += OutputText.Number(s.Groups["failed"]);
                passed += OutputText.Number(s.Groups["passed"]);
                skipped += OutputText.Number(s.Groups["skipped"]);
            }
            else if (FailedTest().Match(line) is { Success: true } test)
            {
                failures.Add(test.Groups["name"].Value);
            }
        }

        return any ? new TestReport(TestFramework.DotnetTest, passed, failed, skipped, failures) : null;
    }

    [GeneratedRegex(@"^(?:Failed|Passed)!\s+-\s+Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+(?<skipped>\d+),\s+Total:\s+\d+")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\s+Failed (?<name>\S+) \[")]
    private static partial Regex FailedTest();
}
