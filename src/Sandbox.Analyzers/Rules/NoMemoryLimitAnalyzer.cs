using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0005: <c>ResourceLimits.MemoryBytes = null</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoMemoryLimitAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.NoMemoryLimit);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.ResourceLimits, "MemoryBytes", value => value.IsNull() ? SandboxDiagnostics.NoMemoryLimit : null);
        });
    }
}
