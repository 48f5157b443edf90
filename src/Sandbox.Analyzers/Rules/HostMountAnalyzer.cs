using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Abstractions.Rules;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0011 and SBX0012: <c>new HostMount(hostPath, sandboxPath, readOnly)</c> (and <c>with { HostPath = .. }</c>,
/// <c>with { ReadOnly = false }</c>) mounting the engine's socket, or a host path writable. An engine socket is
/// reported as SBX0012 only: it is root on the host whether or not it is mounted read-only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostMountAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(SandboxDiagnostics.WritableHostMount, SandboxDiagnostics.EngineSocketMounted);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            var mount = symbols.HostMount;
            start.RegisterOperationAction(operationContext => AnalyzeCreation(operationContext, mount), OperationKind.ObjectCreation);
            SettingAssignments.Register(start, mount, "HostPath", value => IsEngineSocket(value) ? SandboxDiagnostics.EngineSocketMounted : null);
            SettingAssignments.Register(start, mount, "ReadOnly", value => value.IsConstant(false) ? SandboxDiagnostics.WritableHostMount : null);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol mount)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, mount)) return;
        var hostPath = Argument(creation, "HostPath");
        var readOnly = Argument(creation, "ReadOnly");
        if (hostPath is not null && IsEngineSocket(hostPath.Value))
        {
            Report(context, SandboxDiagnostics.EngineSocketMounted, hostPath, hostPath.Value.ConstantString());
        }
        else if (readOnly is { ArgumentKind: not ArgumentKind.DefaultValue } && readOnly.Value.IsConstant(false))
        {
            Report(context, SandboxDiagnostics.WritableHostMount, readOnly, hostPath?.Value.ConstantString());
        }
    }

    private static bool IsEngineSocket(IOperation value) => value.ConstantString() is { } path && UnsafeValues.IsEngineSocket(path);

    // Arguments are matched by parameter, so named and reordered arguments are read correctly.
    private static IArgumentOperation? Argument(IObjectCreationOperation creation, string parameter) =>
        creation.Arguments.FirstOrDefault(a => a.Parameter is { } p && string.Equals(p.Name, parameter, StringComparison.Ordinal));

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IArgumentOperation argument, string? hostPath)
    {
        var where = hostPath is null ? "HostMount" : "HostMount (" + hostPath + ")";
        context.ReportDiagnostic(Diagnostic.Create(descriptor, argument.Syntax.GetLocation(), where));
    }
}
