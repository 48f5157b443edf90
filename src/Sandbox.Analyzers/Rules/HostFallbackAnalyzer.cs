using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0015: <c>SandboxOptions.FallbackToHost = true</c> (Sandbox.Core, resolved by metadata name).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostFallbackAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.HostFallbackEnabled);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var options = start.Compilation.GetTypeByMetadataName(CoreTypeNames.SandboxOptions);
            SettingAssignments.Register(start, options, "FallbackToHost", value => value.IsConstant(true) ? SandboxDiagnostics.HostFallbackEnabled : null);
        });
    }
}
