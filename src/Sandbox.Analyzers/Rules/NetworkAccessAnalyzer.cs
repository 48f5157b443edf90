using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>SBX0002 and SBX0003: <c>ExecutionRequest.Network</c> set to <c>Bridge</c> or <c>Host</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAccessAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.NetworkEnabled, SandboxDiagnostics.HostNetwork);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            var bridge = SandboxSymbols.EnumValue(symbols.NetworkPolicy, "Bridge");
            var host = SandboxSymbols.EnumValue(symbols.NetworkPolicy, "Host");
            SettingAssignments.Register(start, symbols.ExecutionRequest, "Network", value =>
                value.IsConstant(host) ? SandboxDiagnostics.HostNetwork : value.IsConstant(bridge) ? SandboxDiagnostics.NetworkEnabled : null);
        });
    }
}
