using System.Reflection;
using System.Runtime.Loader;

namespace Sandbox.Core.Plugins;

/// <summary>
/// The load context of one compiled plugin: its assemblies and native libraries come from its own folder, as its
/// <c>.deps.json</c> lists them (the runtime's own resolver), so plugins may carry conflicting versions of the same
/// library. Only the contract is shared with the host: the assemblies of the shared types and everything they
/// reference, so <c>IExecutor</c> or <c>ILogger</c> is one type on both sides.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;
    private readonly IReadOnlySet<string> _shared;

    /// <param name="mainAssemblyPath">The plugin's assembly (its <c>.deps.json</c> sits beside it).</param>
    /// <param name="shared">Names of the assemblies the host's default context provides, see <see cref="SharedAssemblies"/>.</param>
    public PluginLoadContext(string mainAssemblyPath, IReadOnlySet<string> shared)
        : base(Path.GetFileNameWithoutExtension(mainAssemblyPath))
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _directory = Path.GetDirectoryName(mainAssemblyPath)!;
        _shared = shared;
    }

    /// <summary>
    /// The assemblies of <paramref name="types"/> and, transitively, the assemblies they reference: a plugin's private
    /// copy of any of them would make a second, incompatible type of the same name. The shared framework's own
    /// references are not followed: they stay inside the framework, which plugins do not carry.
    /// </summary>
    public static IReadOnlySet<string> SharedAssemblies(IEnumerable<Type> types)
    {
        var frameworks = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))!;
        var shared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>(types.Select(t => t.Assembly).Distinct());
        foreach (var assembly in pending) shared.Add(assembly.GetName().Name!);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || !shared.Add(reference.Name)) continue;
                try
                {
                    var referenced = Default.LoadFromAssemblyName(reference);
                    if (!referenced.Location.StartsWith(frameworks + Path.DirectorySeparatorChar, StringComparison.Ordinal)) pending.Push(referenced);
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // Referenced but never loaded by the host (an optional dependency): still the host's to provide.
                }
            }
        }

        return shared;
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Null: the default context resolves it (the contract, and the framework).
        if (assemblyName.Name is null || _shared.Contains(assemblyName.Name)) return null;
        if (_resolver.ResolveAssemblyToPath(assemblyName) is { } listed) return LoadFromAssemblyPath(listed);
        // A plugin copied without its .deps.json still finds the libraries beside it.
        var beside = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(beside) ? LoadFromAssemblyPath(beside) : null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
