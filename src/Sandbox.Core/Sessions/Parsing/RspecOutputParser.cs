using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// RSpec: the <c>4 examples, 1 failure, 2 pending</c> summary and the <c>rspec ./spec/x_spec.rb:5 # Calc subtracts</c>
/// lines under "Failed examples"; SimpleCov's <c>Coverage report generated ... (85.71%) covered</c> when present.
/// </summary>
public static partial class RspecOutputParser
{
    /// <summary>Parses RSpec's output; <c>null</c> when it has no summary.</summary>
    public static TestReport? Parse(string output)
    {
        TestReport? report = null;
        double? coverage = null;
        var failures = new List<string>();
        foreach (var line in OutputText.Lines(output))
        {
            if (Summary().Match(line) is { Success: true } s)
            {
                var examples = OutputText.Number(s.Groups["examples"]);
                var failed = OutputText.Number(s.Groups["failures"]) + OutputText.Number(s.Groups["errors"]);
                var pending = OutputText.Number(s.Groups["pending"]);
                report = new TestReport(TestFramework.RSpec, examples - failed - pending, failed, pending, failures);
            }
            else if (FailedExample().Match(line) is { Success: true } example)
            {
                failures.Add(example.Groups["name"].Value.Trim());
            }
            else if (SimpleCov().Match(line) is { Success: true } cov)
            {
                coverage = OutputText.Percent(cov.Groups["percent"]);
            }
        }

        return report is null ? null : report with { CoveragePercent = coverage };
    }

    [GeneratedRegex(@"^(?<examples>\d+) examples?, (?<failures>\d+) failures?(?:, (?<pending>\d+) pending)?(?:, (?<errors>\d+) errors? occurred outside of examples)?")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^rspec \S+ # (?<name>.+)$")]
    private static partial Regex FailedExample();

    [GeneratedRegex(@"Coverage report generated .*\((?<percent>[\d.]+)%\) covered")]
    private static partial Regex SimpleCov();
}
