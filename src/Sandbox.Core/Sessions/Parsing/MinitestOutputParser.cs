using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// Minitest (directly or through <c>rake test</c>): the <c>4 runs, 2 assertions, 1 failures, 1 errors, 1 skips</c>
/// summary and the <c>TestCalc#test_sub</c> names under each numbered <c>Failure:</c>/<c>Error:</c> heading.
/// </summary>
public static partial class MinitestOutputParser
{
    /// <summary>Parses Minitest's output; <c>null</c> when it has no summary.</summary>
    public static TestReport? Parse(string output)
    {
        TestReport? report = null;
        var failures = new List<string>();
        var lines = OutputText.Lines(output);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Summary().Match(lines[i]) is { Success: true } s)
            {
                var runs = OutputText.Number(s.Groups["runs"]);
                var failed = OutputText.Number(s.Groups["failures"]) + OutputText.Number(s.Groups["errors"]);
                var skipped = OutputText.Number(s.Groups["skips"]);
                report = new TestReport(TestFramework.Minitest, runs - failed - skipped, failed, skipped, failures);
            }
            else if (Heading().IsMatch(lines[i]) && i + 1 < lines.Length && TestName().Match(lines[i + 1]) is { Success: true } name)
            {
                failures.Add(name.Groups["name"].Value);
            }
        }

        return report;
    }

    [GeneratedRegex(@"^(?<runs>\d+) (?:runs|tests), \d+ assertions, (?<failures>\d+) failures, (?<errors>\d+) errors, (?<skips>\d+) skips")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\s*\d+\) (?:Failure|Error):\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?<name>[\w:]+#\w+)")]
    private static partial Regex TestName();
}
