using Microsoft.CodeAnalysis;

namespace Sandbox.Analyzers.Internal;

/// <summary>
/// The framework's contract types, resolved once per compilation. <see cref="Resolve"/> returns <c>null</c> when the
/// compilation does not reference Sandbox.Abstractions, and every analyzer then registers nothing.
/// </summary>
internal sealed class SandboxSymbols
{
    private const string Namespace = "Sandbox.Abstractions.";

    private SandboxSymbols(INamedTypeSymbol[] types)
    {
        ExecutionRequest = types[0];
        ResourceLimits = types[1];
        SecurityProfile = types[2];
        HostMount = types[3];
        NetworkPolicy = types[4];
        SeccompMode = types[5];
        Executor = types[6];
        Validator = types[7];
        PluginContext = types[8];
    }

    public INamedTypeSymbol ExecutionRequest { get; }

    public INamedTypeSymbol ResourceLimits { get; }

    public INamedTypeSymbol SecurityProfile { get; }

    public INamedTypeSymbol HostMount { get; }

    public INamedTypeSymbol NetworkPolicy { get; }

    public INamedTypeSymbol SeccompMode { get; }

    /// <summary><c>IExecutor</c>.</summary>
    public INamedTypeSymbol Executor { get; }

    /// <summary><c>IValidator</c>.</summary>
    public INamedTypeSymbol Validator { get; }

    public INamedTypeSymbol PluginContext { get; }

    public static SandboxSymbols? Resolve(Compilation compilation)
    {
        string[] names = ["ExecutionRequest", "ResourceLimits", "SecurityProfile", "HostMount", "NetworkPolicy", "SeccompMode", "IExecutor", "IValidator", "PluginContext"];
        var types = new INamedTypeSymbol[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (compilation.GetTypeByMetadataName(Namespace + names[i]) is not { } type) return null;
            types[i] = type;
        }

        return new SandboxSymbols(types);
    }

    /// <summary>Whether <paramref name="type"/> implements <c>IExecutor</c>.</summary>
    public bool IsExecutor(ITypeSymbol? type) => Implements(type, Executor);

    /// <summary>Whether <paramref name="type"/> implements <c>IExecutor</c> or <c>IValidator</c>.</summary>
    public bool IsPlugin(ITypeSymbol? type) => Implements(type, Executor) || Implements(type, Validator);

    /// <summary>The enum member <paramref name="name"/>'s constant value, to compare with an operation's constant.</summary>
    public static object? EnumValue(INamedTypeSymbol enumType, string name) =>
        enumType.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue)?.ConstantValue;

    private static bool Implements(ITypeSymbol? type, INamedTypeSymbol contract)
    {
        if (type is null) return false;
        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, contract)) return true;
        }

        return false;
    }
}
