using System.Text;

namespace Sandbox.Analyzers.Tests.Catalog;

/// <summary>
/// Generates the rule table of <c>docs/rules/README.md</c> (between <see cref="Begin"/> and <see cref="End"/>) from the
/// shipped assemblies, so it cannot drift from the descriptors. The repository README copies the same block.
/// </summary>
internal static class RuleTable
{
    public const string Begin = "<!-- rules:begin -->";
    public const string End = "<!-- rules:end -->";

    public static string Generate()
    {
        var table = new StringBuilder();
        table.Append("| Id | Title | Category | Severity | Code fix | sandbox.json |\n");
        table.Append("| --- | --- | --- | --- | --- | --- |\n");
        foreach (var descriptor in AnalyzerAssemblies.Descriptors)
        {
            var fix = AnalyzerAssemblies.FixableIds.Contains(descriptor.Id) ? "Yes" : "No";
            var config = AnalyzerAssemblies.ConfigFileIds.Contains(descriptor.Id) ? "Yes" : "No";
            table.Append($"| [{descriptor.Id}]({descriptor.HelpLinkUri}) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {fix} | {config} |\n");
        }

        return table.ToString();
    }

    /// <summary><paramref name="document"/> with the text between the markers replaced by <paramref name="table"/>.</summary>
    public static string Replace(string document, string table)
    {
        var begin = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = document.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin) throw new InvalidOperationException($"The markers {Begin} and {End} are missing.");
        return document[..(begin + Begin.Length)] + "\n" + table + document[end..];
    }
}
