using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0018: <c>SecurityProfile.NoNewPrivileges = false</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoNewPrivilegesDisabledAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.NoNewPrivilegesDisabled);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.SecurityProfile, "NoNewPrivileges", value => value.IsConstant(false) ? SandboxDiagnostics.NoNewPrivilegesDisabled : null);
        });
    }
}
