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
    /// <param name="unloaded">
    /// Plugins of unknown kind that failed to load (name and error): one of them may be the executor asked for, so they
    /// are named instead of claiming that no plugin was found.
    /// </param>
    public ExecutorNotFoundException(string name, IEnumerable<string> available, string? loadError = null, IEnumerable<(string Name, string Error)>? unloaded = null)
        : base(loadError is not null
            ? $"Executor '{name}' could not be loaded: {loadError}"
            : $"Unknown executor '{name}'. Available: {Describe(available, [.. unloaded ?? []])}. Run 'sandbox plugins' to see what is installed.")
    {
        Name = name;
        _kind = loadError is null ? ErrorKind.NotFound : ErrorKind.PluginLoad;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => _kind;

    /// <summary>The requested name.</summary>
    public string Name { get; }

    private static string Describe(IEnumerable<string> available, IReadOnlyList<(string Name, string Error)> unloaded)
    {
        var names = available.Order(StringComparer.Ordinal).ToArray();
        var listed = names.Length == 0 ? "none" : string.Join(", ", names);
        if (unloaded.Count > 0)
            return $"{listed}; plugins that failed to load: {string.Join("; ", unloaded.Select(p => $"{p.Name} ({p.Error})"))}";
        return names.Length == 0 ? "none (no executor plugins were found)" : listed;
    }
}
