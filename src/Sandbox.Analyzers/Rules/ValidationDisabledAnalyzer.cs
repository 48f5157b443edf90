using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0014: validation turned off through the runtime's options: <c>SandboxOptions.ValidationEnabled = false</c>,
/// <c>SandboxOptions.SkipValidation = true</c> or <c>RunOptions.SkipValidation = true</c> (types of Sandbox.Core,
/// resolved by metadata name, so the rule lights up in any compilation that references them).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.ValidationDisabled);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var options = start.Compilation.GetTypeByMetadataName(CoreTypeNames.SandboxOptions);
            var runOptions = start.Compilation.GetTypeByMetadataName(CoreTypeNames.RunOptions);
            SettingAssignments.Register(start, options, "ValidationEnabled", value => value.IsConstant(false) ? SandboxDiagnostics.ValidationDisabled : null);
            SettingAssignments.Register(start, options, "SkipValidation", value => value.IsConstant(true) ? SandboxDiagnostics.ValidationDisabled : null);
            SettingAssignments.Register(start, runOptions, "SkipValidation", value => value.IsConstant(true) ? SandboxDiagnostics.ValidationDisabled : null);
        });
    }
}
