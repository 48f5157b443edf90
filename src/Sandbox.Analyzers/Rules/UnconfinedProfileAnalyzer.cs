using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Abstractions.Rules;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0010: <c>Seccomp = SeccompMode.Unconfined</c> or <c>AppArmorProfile = "unconfined"</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnconfinedProfileAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.UnconfinedProfile);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            var unconfined = SandboxSymbols.EnumValue(symbols.SeccompMode, "Unconfined");
            SettingAssignments.Register(start, symbols.SecurityProfile, "Seccomp", value => value.IsConstant(unconfined) ? SandboxDiagnostics.UnconfinedProfile : null);
            SettingAssignments.Register(start, symbols.SecurityProfile, "AppArmorProfile", value => UnsafeValues.IsUnconfined(value.ConstantString()) ? SandboxDiagnostics.UnconfinedProfile : null);
        });
    }
}
