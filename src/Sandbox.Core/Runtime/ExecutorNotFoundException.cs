using Sandbox.Abstractions;

namespace Sandbox.Core;

/// <summary>No loaded executor has the requested name, or the plugin that provides it failed to load.</summary>
public sealed class ExecutorNotFoundException : SandboxException
{
    private readonly ErrorKind _kind;

    /// <summary>Creates the exception.</summary>
    /// <param name="name">The requested name.</param>
    /// <param name="available">The names that are available.</param>
    /// <param name="loadError">Why a plugin of that name failed to load, when one did.</param>
    public ExecutorNotFoundException(string name, IEnumerable<string> available, string? loadError = null)
        : base(loadError is not null
            ? $"Executor '{name}' could not be loaded: {loadError}"
            : $"Unknown executor '{name}'. Available: {Describe(available)}. Run 'sandbox plugins' to see what is installed.")
    {
        Name = name;
        _kind = loadError is null ? ErrorKind.NotFound : ErrorKind.PluginLoad;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => _kind;

    /// <summary>The requested name.</summary>
    public string Name { get; }

    private static string Describe(IEnumerable<string> available)
    {
        var names = available.Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? "none (no executor plugins were found)" : string.Join(", ", names);
    }
}
