using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0004: <c>SecurityProfile.ReadOnlyRootFilesystem = false</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WritableRootFilesystemAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.ReadOnlyRootDisabled);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.SecurityProfile, "ReadOnlyRootFilesystem", value => value.IsConstant(false) ? SandboxDiagnostics.ReadOnlyRootDisabled : null);
        });
    }
}
