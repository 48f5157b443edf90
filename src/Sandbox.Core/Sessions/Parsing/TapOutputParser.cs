using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>
/// TAP (node's built-in runner <c>node --test</c>, tape, tap, or any script printing TAP): top-level
/// <c>ok N - name</c> / <c>not ok N - name</c> lines, with <c># SKIP</c> and <c># TODO</c> directives. Indented lines
/// are subtests, counted by their parent.
/// </summary>
public static partial class TapOutputParser
{
    /// <summary>Parses TAP; <c>null</c> when there is no test line.</summary>
    public static TestReport? Parse(string output)
    {
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<string>();
        var any = false;
        foreach (var line in OutputText.Lines(output))
        {
            if (TestLine().Match(line) is not { Success: true } test) continue;
            any = true;
            var name = test.Groups["name"].Value.Trim();
            var directive = test.Groups["directive"].Value.ToUpperInvariant();
            if (directive.StartsWith("SKIP", StringComparison.Ordinal) || directive.StartsWith("TODO", StringComparison.Ordinal)) skipped++;
            else if (test.Groups["not"].Success)
            {
                failed++;
                failures.Add(name.Length > 0 ? name : $"test {test.Groups["n"].Value}");
            }
            else passed++;
        }

        return any ? new TestReport(TestFramework.Tap, passed, failed, skipped, failures) : null;
    }

    [GeneratedRegex(@"^(?<not>not )?ok (?<n>\d+)(?: -)? ?(?<name>[^#]*?)\s*(?:#\s*(?<directive>\w+.*))?$")]
    private static partial Regex TestLine();
}
