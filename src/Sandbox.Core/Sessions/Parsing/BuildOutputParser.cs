using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>Counts a build's errors and warnings where the tool's output says them; <c>null</c> where it cannot be told.</summary>
public static partial class BuildOutputParser
{
    /// <summary>Errors and warnings in <paramref name="output"/> of <paramref name="tool"/> (as <see cref="DetectedCommand.Tool"/> names it).</summary>
    public static (int? Errors, int? Warnings) Parse(string tool, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = OutputText.Lines(output);
        switch (tool)
        {
            case "dotnet":
                var errors = lines.Select(l => DotnetCount().Match(l)).Where(m => m.Success).ToList();
                if (errors.Count > 0)
                {
                    return (OutputText.Number(errors.Last(m => m.Groups["kind"].Value == "Error").Groups["n"]),
                            OutputText.Number(errors.Last(m => m.Groups["kind"].Value == "Warning").Groups["n"]));
                }

                return (lines.Count(l => DotnetDiagnostic().Match(l) is { Success: true } d && d.Groups["kind"].Value == "error"),
                        lines.Count(l => DotnetDiagnostic().Match(l) is { Success: true } d && d.Groups["kind"].Value == "warning"));
            case "go":
                return (lines.Count(l => GoDiagnostic().IsMatch(l)), 0);
            case "maven":
                return (lines.Count(l => MavenDiagnostic().Match(l) is { Success: true } m && m.Groups["level"].Value == "ERROR"),
                        lines.Count(l => MavenDiagnostic().Match(l) is { Success: true } m && m.Groups["level"].Value == "WARNING"));
            case "python":
                // compileall prints one "*** Error compiling" per file, followed by the SyntaxError itself.
                return (lines.Count(l => l.StartsWith("*** Error compiling", StringComparison.Ordinal)), null);
            default:
                return (null, null);
        }
    }

    [GeneratedRegex(@"^\s*(?<n>\d+) (?<kind>Warning|Error)\(s\)\s*$")]
    private static partial Regex DotnetCount();

    [GeneratedRegex(@": (?<kind>error|warning) [A-Z]+\d+:")]
    private static partial Regex DotnetDiagnostic();

    [GeneratedRegex(@"^\.?/?[\w./-]+\.go:\d+:\d+: ")]
    private static partial Regex GoDiagnostic();

    // Compiler diagnostics carry a file position; Maven's own [ERROR] lines (help text) do not.
    [GeneratedRegex(@"^\[(?<level>ERROR|WARNING)\] \S+\.\w+:\[\d+,\d+\] ")]
    private static partial Regex MavenDiagnostic();
}
