using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Abstractions.Rules;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0013: <c>SecurityProfile.User</c> set to root (<c>"0"</c>, <c>"root"</c>, <c>"0:0"</c>, ...).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RootUserAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.RunsAsRoot);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.SecurityProfile, "User", value => value.ConstantString() is { } user && UnsafeValues.IsRootUser(user) ? SandboxDiagnostics.RunsAsRoot : null);
        });
    }
}
