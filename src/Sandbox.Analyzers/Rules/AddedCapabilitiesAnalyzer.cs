using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Abstractions.Rules;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0008 and SBX0009: capabilities listed in <c>SecurityProfile.AddCapabilities</c>, reported per element, as
/// SBX0009 when the capability is a known escape primitive. Collection expressions, array creations and collection
/// initializers are read; a collection the compiler cannot see into (a variable, a method call) is not guessed at.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AddedCapabilitiesAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(SandboxDiagnostics.CapabilityAdded, SandboxDiagnostics.DangerousCapabilityAdded);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            SettingAssignments.Register(start, symbols.SecurityProfile, "AddCapabilities", (operationContext, assignment) =>
            {
                foreach (var element in assignment.Value.WithoutConversions().CollectionElements())
                {
                    var capability = element.ConstantString();
                    var descriptor = capability is not null && UnsafeValues.IsDangerousCapability(capability)
                        ? SandboxDiagnostics.DangerousCapabilityAdded
                        : SandboxDiagnostics.CapabilityAdded;
                    SettingAssignments.Report(operationContext, descriptor, element.Syntax, assignment.Target, capability);
                }
            });
        });
    }
}
