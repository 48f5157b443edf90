using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0017: <c>SecurityProfile.DropAllCapabilities = false</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CapabilitiesNotDroppedAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.CapabilitiesNotDropped);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.SecurityProfile, "DropAllCapabilities", value => value.IsConstant(false) ? SandboxDiagnostics.CapabilitiesNotDropped : null);
        });
    }
}
