using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sandbox.Analyzers.Internal;

/// <summary>
/// Finds values assigned to one setting. Object initializers (<c>new SecurityProfile { Privileged = true }</c>),
/// <c>with</c> expressions and plain assignments (<c>options.FallbackToHost = true</c>) are all a simple assignment
/// to a property reference in IOperation, so one operation action covers every syntax.
/// </summary>
internal static class SettingAssignments
{
    /// <summary>Calls <paramref name="onAssignment"/> for every assignment to <paramref name="type"/>'s property <paramref name="name"/>.</summary>
    /// <remarks>Registers nothing when the property does not exist (an older or newer contract).</remarks>
    public static void Register(CompilationStartAnalysisContext context, INamedTypeSymbol? type, string name, Action<OperationAnalysisContext, ISimpleAssignmentOperation> onAssignment)
    {
        if (type?.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault() is not { } property) return;
        context.RegisterOperationAction(
            operationContext =>
            {
                var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
                if (assignment.Target is IPropertyReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Property.OriginalDefinition, property))
                {
                    onAssignment(operationContext, assignment);
                }
            },
            OperationKind.SimpleAssignment);
    }

    /// <summary>
    /// Reports the descriptor <paramref name="check"/> returns for the assigned value (or nothing for <c>null</c>) at the
    /// assignment, with the setting's name as the message argument.
    /// </summary>
    public static void Register(CompilationStartAnalysisContext context, INamedTypeSymbol? type, string name, Func<IOperation, DiagnosticDescriptor?> check) =>
        Register(context, type, name, (operationContext, assignment) =>
        {
            if (check(assignment.Value) is { } descriptor) Report(operationContext, descriptor, assignment.Syntax, assignment.Target);
        });

    /// <summary>Reports <paramref name="descriptor"/> at <paramref name="node"/> for the setting <paramref name="target"/>.</summary>
    public static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, SyntaxNode node, IOperation target, string? detail = null)
    {
        var setting = target is IPropertyReferenceOperation reference ? reference.Property.DisplayName() : node.ToString();
        var where = detail is null ? setting : setting + " (" + detail + ")";
        context.ReportDiagnostic(Diagnostic.Create(descriptor, node.GetLocation(), where));
    }
}
