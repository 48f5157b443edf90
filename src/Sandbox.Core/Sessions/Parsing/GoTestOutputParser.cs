using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// <c>go test -v</c>: <c>--- PASS/FAIL/SKIP: Name</c> lines (subtests included, as Go reports them), and the
/// <c>coverage: N% of statements</c> lines (averaged over packages). A package that fails to build counts as a failure.
/// </summary>
public static partial class GoTestOutputParser
{
    /// <summary>Parses <c>go test -v</c> output; <c>null</c> when no test result or package line is present.</summary>
    public static TestReport? Parse(string output)
    {
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<string>();
        var coverages = new List<double>();
        var any = false;
        foreach (var line in OutputText.Lines(output))
        {
            if (Result().Match(line) is { Success: true } result)
            {
                any = true;
                var name = result.Groups["name"].Value;
                // A parent whose subtests ran is reported too; its verdict follows theirs, so count leaves only.
                if (IsParentOfLaterSubtest(output, name)) continue;
                switch (result.Groups["verdict"].Value)
                {
                    case "PASS": passed++; break;
                    case "SKIP": skipped++; break;
                    default:
                        failed++;
                        failures.Add(name);
                        break;
                }
            }
            else if (Coverage().Match(line) is { Success: true } coverage && OutputText.Percent(coverage.Groups["percent"]) is { } percent)
            {
                coverages.Add(percent);
            }
            else if (BuildFailed().Match(line) is { Success: true } build)
            {
                any = true;
                failed++;
                failures.Add($"{build.Groups["package"].Value} [build failed]");
            }
            else if (PackageLine().IsMatch(line))
            {
                any = true;
            }
        }

        return any ? new TestReport(TestFramework.GoTest, passed, failed, skipped, failures, coverages.Count > 0 ? Math.Round(coverages.Average(), 1) : null) : null;
    }

    private static bool IsParentOfLaterSubtest(string output, string name) => output.Contains($": {name}/", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*--- (?<verdict>PASS|FAIL|SKIP): (?<name>\S+)")]
    private static partial Regex Result();

    [GeneratedRegex(@"coverage: (?<percent>[\d.]+)% of statements")]
    private static partial Regex Coverage();

    [GeneratedRegex(@"^FAIL\s+(?<package>\S+)\s+\[(?:build|setup) failed\]")]
    private static partial Regex BuildFailed();

    // "ok  example.com/calc 0.05s", "FAIL example.com/calc 0.05s", "?   example.com/cmd [no test files]" (not TAP's "ok 1 - x").
    [GeneratedRegex(@"^(?:ok|FAIL|\?)\s+[\w./-]+\s+(?:[\d.]+s|\(cached\)|\[no test files\])")]
    private static partial Regex PackageLine();
}
