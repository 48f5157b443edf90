using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Core.Plugins;

/// <summary>What compiling a source plugin produced: the assembly (when there was no error) and every diagnostic.</summary>
internal sealed record SourceCompilation(byte[]? Assembly, byte[]? Pdb, IReadOnlyList<PluginDiagnostic> Diagnostics)
{
    public bool Succeeded => Assembly is not null;
}

/// <summary>
/// Compiles a source plugin in memory with Roslyn against the .NET reference assemblies, the contract
/// (Sandbox.Abstractions and the logging abstractions, which the host shares) and the plugin's declared references,
/// with the SDK's implicit usings, nullable enabled and the given analyzers.
/// </summary>
internal static class SourcePluginCompiler
{
    // The SDK's implicit usings for a class library, so that files move between a project and a source plugin unchanged.
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    // No exception handler: an analyzer that crashes becomes an AD0001 warning instead of taking the host down.
    private static readonly CompilationWithAnalyzersOptions AnalyzerRun = new(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, preprocessorSymbols: ["NET", "NET10_0", "NET10_0_OR_GREATER", "RELEASE"]);

    /// <summary>The Roslyn compiler version in use, e.g. <c>4.14.0</c>.</summary>
    public static string CompilerVersion { get; } = typeof(CSharpCompilation).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>
    /// The assemblies every source plugin compiles against besides the framework: the shared contract, and the host's
    /// plugin toolkit (a source plugin is compiled on the host it runs on, so it cannot disagree with the host's copy).
    /// </summary>
    public static IReadOnlyList<string> ContractAssemblies { get; } = [typeof(IExecutor).Assembly.Location, typeof(ILogger).Assembly.Location, typeof(ChildProcessRunner).Assembly.Location];

    public static async Task<SourceCompilation> CompileAsync(SourcePluginSources sources, SourcePluginOptions options, IReadOnlyList<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var trees = sources.Files
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.RelativePath, System.Text.Encoding.UTF8, cancellationToken))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "ImplicitUsings.g.cs", System.Text.Encoding.UTF8, cancellationToken))
            .ToList();
        var references = Net100.References.All
            .Concat(ContractAssemblies.Concat(sources.ReferencePaths).Select(p => MetadataReference.CreateFromFile(p)))
            .ToList();
        var compilation = CSharpCompilation.Create(sources.Manifest.Name, trees, references, CompilationOptions(sources.Manifest, options));

        var diagnostics = analyzers.Count == 0
            ? compilation.GetDiagnostics(cancellationToken)
            : await compilation.WithAnalyzers([.. analyzers], AnalyzerRun)
                .GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var reported = Report(diagnostics);
        if (reported.Any(d => d.Severity == FindingSeverity.Error)) return new SourceCompilation(null, null, reported);

        using var peStream = new MemoryStream();
        using var pdbStream = new MemoryStream();
        var emitted = compilation.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb), cancellationToken: cancellationToken);
        if (!emitted.Success) return new SourceCompilation(null, null, [.. reported, .. Report(emitted.Diagnostics)]);
        return new SourceCompilation(peStream.ToArray(), pdbStream.ToArray(), reported);
    }

    private static CSharpCompilationOptions CompilationOptions(PluginManifest manifest, SourcePluginOptions options)
    {
        var specific = new Dictionary<string, ReportDiagnostic>(options.DiagnosticOptions, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, severity) in manifest.Diagnostics) specific[id] = Parse(severity);
        return new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: manifest.AllowUnsafeCode,
            deterministic: true,
            generalDiagnosticOption: manifest.WarningsAsErrors || options.WarningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default,
            specificDiagnosticOptions: specific);
    }

    private static ReportDiagnostic Parse(string severity) => severity switch
    {
        "error" => ReportDiagnostic.Error,
        "warning" => ReportDiagnostic.Warn,
        "info" => ReportDiagnostic.Info,
        "hidden" => ReportDiagnostic.Hidden,
        _ => ReportDiagnostic.Suppress,
    };

    // Hidden diagnostics (and the compiler's own "unnecessary using" info) are noise for a plugin author.
    private static List<PluginDiagnostic> Report(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Info && !d.Id.StartsWith("CS", StringComparison.Ordinal)))
            .Where(d => !d.IsSuppressed)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .Select(ToPluginDiagnostic)];

    private static PluginDiagnostic ToPluginDiagnostic(Diagnostic diagnostic)
    {
        var severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => FindingSeverity.Error,
            DiagnosticSeverity.Warning => FindingSeverity.Warning,
            _ => FindingSeverity.Info,
        };
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (!diagnostic.Location.IsInSource) return new PluginDiagnostic(diagnostic.Id, severity, message);
        var span = diagnostic.Location.GetLineSpan();
        return new PluginDiagnostic(diagnostic.Id, severity, message, span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }
}
