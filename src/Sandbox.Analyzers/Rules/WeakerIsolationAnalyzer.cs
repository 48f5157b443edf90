using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0016: <c>ExecutionRequest.AllowWeakerIsolation = true</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakerIsolationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.WeakerIsolationAccepted);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.ExecutionRequest, "AllowWeakerIsolation", value => value.IsConstant(true) ? SandboxDiagnostics.WeakerIsolationAccepted : null);
        });
    }
}
