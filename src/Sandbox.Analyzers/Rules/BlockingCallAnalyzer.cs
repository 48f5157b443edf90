using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0102: <c>Task.Result</c>, <c>Task.Wait()</c>, <c>Task.WaitAll/WaitAny</c> and <c>GetAwaiter().GetResult()</c> inside a
/// type implementing <c>IExecutor</c> or <c>IValidator</c> (including its lambdas and local functions).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.BlocksOnAsync);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            var tasks = new[] { "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask`1" }
                .Select(start.Compilation.GetTypeByMetadataName)
                .Where(t => t is not null)
                .ToImmutableHashSet<INamedTypeSymbol?>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c => AnalyzeResult(c, symbols, tasks), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, tasks), OperationKind.Invocation);
        });
    }

    private static void AnalyzeResult(OperationAnalysisContext context, SandboxSymbols symbols, ImmutableHashSet<INamedTypeSymbol?> tasks)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property is { Name: "Result", IsStatic: false } property && tasks.Contains(property.ContainingType.OriginalDefinition))
        {
            Report(context, symbols, property);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, SandboxSymbols symbols, ImmutableHashSet<INamedTypeSymbol?> tasks)
    {
        var method = ((IInvocationOperation)context.Operation).TargetMethod;
        var blocks = method.Name switch
        {
            "Wait" or "WaitAll" or "WaitAny" => tasks.Contains(method.ContainingType.OriginalDefinition),
            "GetResult" => IsAwaiter(method.ContainingType),
            _ => false,
        };
        if (blocks) Report(context, symbols, method);
    }

    // TaskAwaiter, ValueTaskAwaiter and the ConfigureAwait awaiters, generic or not.
    private static bool IsAwaiter(INamedTypeSymbol type) =>
        type.Name.EndsWith("Awaiter", StringComparison.Ordinal)
        && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices";

    private static void Report(OperationAnalysisContext context, SandboxSymbols symbols, ISymbol member)
    {
        if (!symbols.IsPlugin(context.ContainingSymbol.ContainingType)) return;
        var name = member.DisplayName() + (member is IMethodSymbol ? "()" : "");
        context.ReportDiagnostic(Diagnostic.Create(SandboxDiagnostics.BlocksOnAsync, context.Operation.Syntax.GetLocation(), name));
    }
}
