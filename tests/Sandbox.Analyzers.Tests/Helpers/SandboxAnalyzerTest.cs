using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Sandbox.Analyzers.Tests.Helpers;

/// <summary>
/// A Microsoft.CodeAnalysis.Testing run with any set of analyzers and fixers, compiled against the .NET 10 reference
/// assemblies shipped in Basic.Reference.Assemblies (nothing is downloaded) plus the real Sandbox.Abstractions.
/// </summary>
internal sealed class SandboxAnalyzerTest : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
{
    // No package: the reference set is exactly the assemblies added below.
    private static readonly ReferenceAssemblies NoDownload = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> SandboxReferences =
    [
        MetadataReference.CreateFromFile(typeof(Sandbox.Abstractions.ExecutionRequest).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location),
    ];

    private readonly IReadOnlyList<DiagnosticAnalyzer> _analyzers;
    private readonly IReadOnlyList<CodeFixProvider> _fixers;

    public SandboxAnalyzerTest(IReadOnlyList<DiagnosticAnalyzer> analyzers, IReadOnlyList<CodeFixProvider> fixers, bool referenceSandbox)
    {
        _analyzers = analyzers;
        _fixers = fixers;
        ReferenceAssemblies = NoDownload;
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        FixedState.AdditionalReferences.AddRange(Net100.References.All);
        if (referenceSandbox)
        {
            TestState.AdditionalReferences.AddRange(SandboxReferences);
            FixedState.AdditionalReferences.AddRange(SandboxReferences);
        }
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => _fixers;

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}
