using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0101: an <c>async</c> method of an executor takes a <see cref="System.Threading.CancellationToken"/> and never
/// uses it. Any use counts (passing it on, <c>ThrowIfCancellationRequested()</c>, linking it, capturing it in a lambda):
/// the rule catches the token that is plainly dropped, not how well it is used.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IgnoredCancellationTokenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.IgnoresCancellationToken);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            if (start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken") is not { } token) return;
            start.RegisterOperationBlockAction(block => Analyze(block, symbols, token));
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, SandboxSymbols symbols, INamedTypeSymbol token)
    {
        if (context.OwningSymbol is not IMethodSymbol { IsAsync: true, MethodKind: MethodKind.Ordinary } method) return;
        if (!symbols.IsExecutor(method.ContainingType)) return;
        var tokens = method.Parameters.Where(p => SymbolEqualityComparer.Default.Equals(p.Type, token)).ToList();
        if (tokens.Count == 0) return;

        var used = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (var reference in context.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()).OfType<IParameterReferenceOperation>())
        {
            used.Add(reference.Parameter);
        }

        if (tokens.All(used.Contains)) return;
        context.ReportDiagnostic(Diagnostic.Create(SandboxDiagnostics.IgnoresCancellationToken, method.Locations[0], method.ContainingType.Name + "." + method.Name));
    }
}
