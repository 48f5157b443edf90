namespace Sandbox.Core.Plugins;

/// <summary>One executor or validator found in a plugin folder, loaded or not.</summary>
public sealed record PluginDescriptor
{
    /// <summary>The component's name (<c>IExecutor.Name</c>), or the plugin folder's name when it failed to load.</summary>
    public required string Name { get; init; }

    /// <summary>Executor or validator; <c>null</c> when the plugin failed before its types were known.</summary>
    public PluginKind? Kind { get; init; }

    /// <summary>The implementing type's full name.</summary>
    public string? TypeName { get; init; }

    /// <summary>The plugin assembly's informational version.</summary>
    public string? Version { get; init; }

    /// <summary>Name of the load context the plugin lives in; every plugin has its own.</summary>
    public string? LoadContext { get; init; }

    /// <summary>The plugin's main assembly.</summary>
    public required string AssemblyPath { get; init; }

    /// <summary>The constructed component; <c>null</c> when loading failed.</summary>
    public object? Instance { get; init; }

    /// <summary>Why the plugin could not be loaded; <c>null</c> when it loaded.</summary>
    public string? Error { get; init; }

    /// <summary>Whether it failed because its settings in the configuration do not fit (<see cref="Error"/> says where).</summary>
    public bool SettingsDoNotFit { get; init; }

    /// <summary>Compiler and analyzer diagnostics of a source plugin (warnings of a loaded one, errors of a failed one).</summary>
    public IReadOnlyList<PluginDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>The folder of a source plugin (compiled by the runtime); <c>null</c> for a compiled plugin.</summary>
    public string? SourceDirectory { get; init; }

    /// <summary>Whether a source plugin's assembly came from the compilation cache instead of being compiled now.</summary>
    public bool FromCache { get; init; }

    /// <summary>Whether the component is usable.</summary>
    public bool Loaded => Instance is not null;
}
