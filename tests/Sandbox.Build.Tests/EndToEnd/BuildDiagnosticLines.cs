using System.Text.RegularExpressions;

namespace Sandbox.Build.Tests.EndToEnd;

/// <summary>Reads the diagnostics out of a <c>dotnet build</c> log.</summary>
internal static partial class BuildDiagnosticLines
{
    /// <summary>"File(line,col): severity CODE", once each (MSBuild repeats them in its summary), in a stable order.</summary>
    public static IReadOnlyList<string> Of(string output) =>
        [.. Diagnostic().Matches(output)
            .Select(m => $"{Path.GetFileName(m.Groups["file"].Value)}({m.Groups["position"].Value}): {m.Groups["severity"].Value} {m.Groups["code"].Value}")
            .Distinct()
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"(?<file>[^\s]+)\((?<position>\d+,\d+)\): (?<severity>warning|error) (?<code>[A-Z]+\d+)")]
    private static partial Regex Diagnostic();
}
