using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// Jest: the <c>Tests: 2 failed, 1 skipped, 1 passed, 4 total</c> line, failed tests from the <c>● suite › test</c>
/// headings, and the <c>All files</c> row of the coverage table (statements).
/// </summary>
public static partial class JestOutputParser
{
    /// <summary>Parses Jest's output; <c>null</c> when it has no <c>Tests:</c> summary.</summary>
    public static TestReport? Parse(string output)
    {
        TestReport? report = null;
        double? coverage = null;
        var failures = new List<string>();
        foreach (var line in OutputText.Lines(output))
        {
            if (Summary().Match(line) is { Success: true } summary)
            {
                int passed = 0, failed = 0, skipped = 0;
                foreach (Match part in Count().Matches(summary.Groups["counts"].Value))
                {
                    var n = OutputText.Number(part.Groups["n"]);
                    switch (part.Groups["what"].Value)
                    {
                        case "passed": passed = n; break;
                        case "failed": failed = n; break;
                        case "skipped" or "todo" or "pending": skipped += n; break;
                    }
                }

                report = new TestReport(TestFramework.Jest, passed, failed, skipped, failures);
            }
            else if (FailedTest().Match(line) is { Success: true } test && !failures.Contains(test.Groups["name"].Value))
            {
                failures.Add(test.Groups["name"].Value.Trim());
            }
            else if (AllFiles().Match(line) is { Success: true } all)
            {
                coverage = OutputText.Percent(all.Groups["statements"]);
            }
        }

        return report is null ? null : report with { CoveragePercent = coverage };
    }

    [GeneratedRegex(@"^Tests:\s+(?<counts>.+?),\s+\d+ total")]
    private static partial Regex Summary();

    [GeneratedRegex(@"(?<n>\d+) (?<what>\w+)")]
    private static partial Regex Count();

    // "  ● subtracts" / "  ● group › nested fails"; not "● Test suite failed to run".
    [GeneratedRegex(@"^\s+● (?!Test suite failed to run)(?<name>.+)$")]
    private static partial Regex FailedTest();

    [GeneratedRegex(@"^All files\s*\|\s*(?<statements>[\d.]+)\s*\|")]
    private static partial Regex AllFiles();
}
