using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Sandbox.Analyzers.Json;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// The SBX security rules on <c>sandbox.json</c> (and <c>sandbox.&lt;environment&gt;.json</c>) given to the compiler as
/// AdditionalFiles — the package's buildTransitive props adds the project's own. Diagnostics are located at the key
/// in the file. A file that is not valid JSON is left to <c>sandbox validate-config</c>, which reports syntax errors.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SandboxConfigAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = SandboxConfigChecks.Rules.ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(Analyze);
    }

    /// <summary>Whether <paramref name="path"/> names a sandbox configuration file.</summary>
    public static bool IsConfigFile(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name.StartsWith("sandbox.", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    private static void Analyze(AdditionalFileAnalysisContext context)
    {
        if (!IsConfigFile(context.AdditionalFile.Path)) return;
        if (context.AdditionalFile.GetText(context.CancellationToken) is not { } text) return;
        if (JsonParser.Parse(text.ToString()) is not { } root) return;
        foreach (var finding in SandboxConfigChecks.Inspect(root))
        {
            var location = Location.Create(context.AdditionalFile.Path, finding.Span, text.Lines.GetLinePositionSpan(finding.Span));
            context.ReportDiagnostic(Diagnostic.Create(finding.Rule, location, finding.Setting));
        }
    }
}
