using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// pytest: the closing summary (<c>== 2 failed, 3 passed, 1 skipped in 0.17s ==</c>), failed tests from the short
/// summary (<c>FAILED test_calc.py::test_sub - ...</c>, with <c>-rA</c> or <c>-rf</c>) and pytest-cov's <c>TOTAL</c> line.
/// </summary>
public static partial class PytestOutputParser
{
    /// <summary>Parses pytest's output; <c>null</c> when it has no closing summary.</summary>
    public static TestReport? Parse(string output)
    {
        int? passed = null;
        int failed = 0, skipped = 0;
        double? coverage = null;
        var failures = new List<string>();
        foreach (var line in OutputText.Lines(output))
        {
            if (Summary().Match(line) is { Success: true } summary)
            {
                passed = 0;
                foreach (Match part in Count().Matches(summary.Groups["counts"].Value))
                {
                    var n = OutputText.Number(part.Groups["n"]);
                    switch (part.Groups["what"].Value)
                    {
                        case "passed" or "xpassed": passed += n; break;
                        case "failed" or "error" or "errors": failed += n; break;
                        case "skipped" or "xfailed" or "deselected": skipped += part.Groups["what"].Value == "deselected" ? 0 : n; break;
                    }
                }
            }
            else if (FailedTest().Match(line) is { Success: true } test && !failures.Contains(test.Groups["name"].Value))
            {
                failures.Add(test.Groups["name"].Value);
            }
            else if (CoverageTotal().Match(line) is { Success: true } total)
            {
                coverage = OutputText.Percent(total.Groups["percent"]);
            }
        }

        return passed is null ? null : new TestReport(TestFramework.Pytest, passed.Value, failed, skipped, failures, coverage);
    }

    [GeneratedRegex(@"^=+ (?<counts>(?:\d+ \w+(?:, )?)+) in [\d.]+s")]
    private static partial Regex Summary();

    [GeneratedRegex(@"(?<n>\d+) (?<what>\w+)")]
    private static partial Regex Count();

    [GeneratedRegex(@"^(?:FAILED|ERROR) (?<name>\S+)")]
    private static partial Regex FailedTest();

    [GeneratedRegex(@"^TOTAL\s+.*?(?<percent>\d+(?:\.\d+)?)%\s*$")]
    private static partial Regex CoverageTotal();
}
