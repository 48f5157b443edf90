using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sandbox.Core.Plugins;

/// <summary>How source plugins (a folder with <c>plugin.json</c> and <c>*.cs</c> files) are compiled, checked and cached.</summary>
public sealed class SourcePluginOptions
{
    /// <summary>
    /// Analyzers run over every source plugin; their diagnostics are reported with file, line and column, and an error
    /// stops the load. <c>null</c> (the default) loads the framework's SBX analyzers (see <see cref="AnalyzerAssemblies.Default"/>).
    /// </summary>
    public IReadOnlyList<DiagnosticAnalyzer>? Analyzers { get; set; }

    /// <summary>
    /// Where compiled plugins are cached by content hash, so that a restart does not recompile unchanged sources.
    /// <c>null</c>: <see cref="CompiledPluginCache.DefaultRoot"/>.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Severity overrides by diagnostic id for every source plugin; a plugin's own <c>diagnostics</c> win.</summary>
    public IDictionary<string, ReportDiagnostic> DiagnosticOptions { get; } = new Dictionary<string, ReportDiagnostic>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Turn every warning of every source plugin into an error.</summary>
    public bool WarningsAsErrors { get; set; }
}
