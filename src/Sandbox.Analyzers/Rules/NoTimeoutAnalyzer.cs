using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0006: <c>ResourceLimits.Timeout</c> set to <c>null</c>, <c>Timeout.InfiniteTimeSpan</c> or zero — every value
/// for which <c>ResourceLimits.HasTimeout</c> is false.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoTimeoutAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.NoTimeout);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            var timeSpan = start.Compilation.GetTypeByMetadataName("System.TimeSpan");
            var timeout = start.Compilation.GetTypeByMetadataName("System.Threading.Timeout");
            SettingAssignments.Register(start, symbols.ResourceLimits, "Timeout", value => IsNoTimeout(value, timeSpan, timeout) ? SandboxDiagnostics.NoTimeout : null);
        });
    }

    private static bool IsNoTimeout(IOperation value, INamedTypeSymbol? timeSpan, INamedTypeSymbol? timeout)
    {
        if (value.IsNull()) return true;
        return value.WithoutConversions() switch
        {
            IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan" } field } => SymbolEqualityComparer.Default.Equals(field.ContainingType, timeout),
            IFieldReferenceOperation { Field: { Name: "Zero" } field } => SymbolEqualityComparer.Default.Equals(field.ContainingType, timeSpan),
            IDefaultValueOperation { Type: { } type } => SymbolEqualityComparer.Default.Equals(type, timeSpan),
            IObjectCreationOperation { Arguments.Length: 0, Type: { } type } => SymbolEqualityComparer.Default.Equals(type, timeSpan),
            _ => false,
        };
    }
}
