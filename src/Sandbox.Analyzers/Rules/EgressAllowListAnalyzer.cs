using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Abstractions.Rules;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0019 and SBX0020: egress allow-list entries written as constants — <c>EgressPolicy.Parse([...])</c>,
/// <c>HostPattern.Parse("...")</c> and <c>new HostPattern("...", port)</c> — reported per entry, <c>*</c> as SBX0020.
/// Entries the compiler cannot see (variables, configuration) are not guessed at; malformed ones are the runtime's
/// error to report.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EgressAllowListAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(SandboxDiagnostics.EgressAllowList, SandboxDiagnostics.EgressToAnyHost);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Resolved here rather than in SandboxSymbols: an Abstractions without egress must not disable the other rules.
            var policy = start.Compilation.GetTypeByMetadataName("Sandbox.Abstractions.EgressPolicy");
            var pattern = start.Compilation.GetTypeByMetadataName("Sandbox.Abstractions.HostPattern");
            if (policy is null || pattern is null) return;
            start.RegisterOperationAction(
                operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (invocation.TargetMethod.Name != "Parse" || invocation.Arguments.Length == 0) return;
                    var type = invocation.TargetMethod.ContainingType;
                    var first = ArgumentAt(invocation.Arguments, 0);
                    if (first is null) return;
                    if (SymbolEqualityComparer.Default.Equals(type, pattern)) Report(operation, first, "HostPattern.Parse");
                    else if (SymbolEqualityComparer.Default.Equals(type, policy))
                        foreach (var element in first.WithoutConversions().CollectionElements()) Report(operation, element, "EgressPolicy.Parse");
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(
                operation =>
                {
                    var creation = (IObjectCreationOperation)operation.Operation;
                    if (SymbolEqualityComparer.Default.Equals(creation.Type, pattern) && ArgumentAt(creation.Arguments, 0) is { } host)
                        Report(operation, host, "new HostPattern");
                },
                OperationKind.ObjectCreation);
        });
    }

    private static IOperation? ArgumentAt(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal) return argument.Value;
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, IOperation value, string setting)
    {
        if (value.ConstantString() is not { } entry || !EgressSyntax.TryParseHost(entry, out var host, out _, out _)) return;
        var descriptor = host == "*" ? SandboxDiagnostics.EgressToAnyHost : SandboxDiagnostics.EgressAllowList;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, value.Syntax.GetLocation(), $"{setting} ({SandboxRules.DescribeAllowedHost(entry, host)})"));
    }
}
