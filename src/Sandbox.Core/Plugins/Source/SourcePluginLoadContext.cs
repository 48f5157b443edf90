using System.Reflection;
using System.Runtime.Loader;

namespace Sandbox.Core.Plugins;

/// <summary>
/// The collectible load context of one compiled source plugin. The contract (Sandbox.Abstractions, the logging
/// abstractions) and the framework resolve from the host's default context, so their types are the host's; the plugin's
/// declared references load here, privately. Unloading it (after every instance is dropped) frees the assembly, so
/// editing the sources and reloading does not leak.
/// </summary>
internal sealed class SourcePluginLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> _privateAssemblies;

    public SourcePluginLoadContext(string name, IEnumerable<string> privateAssemblies)
        : base($"SourcePlugin#{name}", isCollectible: true)
    {
        _privateAssemblies = privateAssemblies.ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Loads the plugin's assembly from bytes, so the cached file stays free to be replaced or removed.</summary>
    public Assembly LoadPlugin(string assemblyPath)
    {
        using var assembly = new MemoryStream(File.ReadAllBytes(assemblyPath));
        var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
        using var pdb = File.Exists(pdbPath) ? new MemoryStream(File.ReadAllBytes(pdbPath)) : null;
        return LoadFromStream(assembly, pdb);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Anything not declared by the plugin (the contract, the framework) falls back to the default context.
        if (assemblyName.Name is null || !_privateAssemblies.TryGetValue(assemblyName.Name, out var path)) return null;
        using var stream = new MemoryStream(File.ReadAllBytes(path));
        return LoadFromStream(stream);
    }
}
