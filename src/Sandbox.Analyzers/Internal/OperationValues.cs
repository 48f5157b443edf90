using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Sandbox.Analyzers.Internal;

/// <summary>
/// Reads the value assigned to a setting through IOperation: literals, <c>const</c> locals and fields, enum members,
/// casts and nullable conversions all reduce to a compile-time constant here; anything else is "unknown" and never
/// reported, so a rule only fires on what the compiler itself can prove.
/// </summary>
internal static class OperationValues
{
    /// <summary>Strips conversions (<c>null</c> to <c>long?</c>, casts), which hide the constant underneath.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>The compile-time constant of <paramref name="operation"/>, looking through conversions.</summary>
    public static Optional<object?> Constant(this IOperation operation)
    {
        var constant = operation.ConstantValue;
        return constant.HasValue ? constant : operation.WithoutConversions().ConstantValue;
    }

    /// <summary>Whether the value is the constant <paramref name="expected"/> (a bool, a string or an enum value).</summary>
    public static bool IsConstant(this IOperation operation, object? expected) =>
        operation.Constant() is { HasValue: true } constant && Equals(constant.Value, expected);

    /// <summary>Whether the value is <c>null</c> (or <c>default</c> of a nullable type).</summary>
    public static bool IsNull(this IOperation operation)
    {
        if (operation.Constant() is { HasValue: true, Value: null }) return true;
        return operation.WithoutConversions() is IDefaultValueOperation { Type: { } type }
               && (type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
    }

    /// <summary>The value as a constant string, or <c>null</c> when it is not one.</summary>
    public static string? ConstantString(this IOperation operation) =>
        operation.Constant() is { HasValue: true, Value: string text } ? text : null;

    /// <summary>
    /// The elements of a collection expression, array creation or collection initializer; a collection the compiler
    /// cannot see into (a variable, a method call) has none, so nothing is guessed at.
    /// </summary>
    public static IEnumerable<IOperation> CollectionElements(this IOperation collection) => collection switch
    {
        ICollectionExpressionOperation expression => expression.Elements.Where(e => e is not ISpreadOperation),
        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
        IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers
            .OfType<IInvocationOperation>()
            .Where(add => add.Arguments.Length == 1)
            .Select(add => add.Arguments[0].Value),
        _ => [],
    };

    /// <summary>A short name for a setting in messages, e.g. <c>SecurityProfile.Privileged</c>.</summary>
    public static string DisplayName(this ISymbol member) => member.ContainingType.Name + "." + member.Name;
}
