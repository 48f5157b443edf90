using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;

namespace Sandbox.Core.Plugins;

/// <summary>
/// Loads every plugin folder into its own load context (McMaster.NETCore.Plugins), sharing only the contract
/// (Sandbox.Abstractions) and logging abstractions with the host, so plugins may depend on conflicting versions of
/// the same library. A plugin that fails to load is recorded with the reason and never stops the others.
/// </summary>
public sealed class PluginCatalog : IAsyncDisposable
{
    // Only the contract crosses the boundary: a type identity shared with the host for IExecutor/IValidator and ILogger.
    private static readonly Type[] SharedTypes = [typeof(IExecutor), typeof(ILogger), typeof(ILoggerFactory)];

    private readonly List<PluginLoader> _loaders = [];
    private readonly List<PluginDescriptor> _plugins = [];

    private PluginCatalog()
    {
    }

    /// <summary>Every component found, loaded or failed, in priority order.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins => _plugins;

    /// <summary>The loaded executors by name (the first found wins).</summary>
    public IReadOnlyDictionary<string, IExecutor> Executors { get; private set; } = new Dictionary<string, IExecutor>();

    /// <summary>The loaded validators, in priority order.</summary>
    public IReadOnlyList<IValidator> Validators { get; private set; } = [];

    /// <summary>Loads the plugins in <paramref name="folders"/> (highest priority first).</summary>
    /// <param name="folders">Folders holding plugin directories, see <see cref="PluginFolders"/>.</param>
    /// <param name="settingsFor">Settings for a plugin, looked up by its key (see <see cref="SettingsKey"/>).</param>
    /// <param name="loggerFactory">Logging for the catalog and the plugins.</param>
    public static PluginCatalog Load(IEnumerable<string> folders, Func<PluginKind, string, JsonElement>? settingsFor = null, ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<PluginCatalog>();
        var catalog = new PluginCatalog();
        foreach (var directory in folders.SelectMany(PluginFolders.PluginDirectories))
            catalog.LoadDirectory(directory, settingsFor ?? ((_, _) => default), loggerFactory, logger);
        catalog.Index(logger);
        return catalog;
    }

    /// <summary>
    /// The key a plugin's settings live under in <c>sandbox.json</c> (<c>executors.&lt;key&gt;</c>): the last segment of
    /// its assembly name in lower case, so <c>Sandbox.Executors.Docker</c> reads <c>executors.docker</c>.
    /// </summary>
    public static string SettingsKey(string assemblyName) => assemblyName[(assemblyName.LastIndexOf('.') + 1)..].ToLowerInvariant();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var plugin in _plugins) await DisposeInstanceAsync(plugin.Instance).ConfigureAwait(false);

        foreach (var loader in _loaders) loader.Dispose();
        _loaders.Clear();
    }

    private void LoadDirectory(string directory, Func<PluginKind, string, JsonElement> settingsFor, ILoggerFactory loggerFactory, ILogger logger)
    {
        var name = Path.GetFileName(directory);
        var assemblyPath = PluginFolders.MainAssembly(directory);
        if (assemblyPath is null)
        {
            Fail(name, Path.Combine(directory, name + ".dll"), $"no plugin assembly: expected {name}.dll (or a single assembly with a .deps.json) in {directory}", logger);
            return;
        }

        Assembly assembly;
        Type[] types;
        PluginLoader loader;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes);
            _loaders.Add(loader);
            assembly = loader.LoadDefaultAssembly();
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException)
        {
            Fail(name, assemblyPath, $"cannot load: {Describe(ex)}", logger);
            return;
        }

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString();
        var loadContext = AssemblyLoadContext.GetLoadContext(assembly);
        var contextName = $"{loadContext?.GetType().Name}#{name}";
        var key = SettingsKey(assembly.GetName().Name ?? name);
        var found = 0;
        foreach (var type in types)
        {
            if (!PluginActivator.IsComponent(type, out var kind)) continue;
            found++;
            var context = new PluginContext(directory, settingsFor(kind, key), loggerFactory);
            try
            {
                var instance = PluginActivator.Create(type, context);
                var componentName = NameOf(instance);
                _plugins.Add(new PluginDescriptor
                {
                    Name = componentName, Kind = kind, TypeName = type.FullName, Version = version, LoadContext = contextName,
                    AssemblyPath = assemblyPath, Instance = instance,
                });
            }
            catch (Exception ex)
            {
                _plugins.Add(new PluginDescriptor
                {
                    Name = key, Kind = kind, TypeName = type.FullName, Version = version, LoadContext = contextName,
                    AssemblyPath = assemblyPath, Error = $"{type.FullName} failed to start: {Describe(ex)}",
                });
                logger.LogWarning("Plugin {Plugin} ({Type}) failed to start: {Error}", name, type.FullName, Describe(ex));
            }
        }

        if (found == 0) Fail(name, assemblyPath, "contains no public executor or validator type with a PluginContext or parameterless constructor", logger);
    }

    private static string NameOf(object instance) => instance is IExecutor executor ? executor.Name : ((IValidator)instance).Name;

    /// <summary>Every key a configuration section can match (plugin keys and component names), to warn about sections nobody reads.</summary>
    public IReadOnlySet<string> SettingsKeys =>
        _plugins.Select(p => SettingsKey(Path.GetFileNameWithoutExtension(p.AssemblyPath))).Concat(_plugins.Select(p => p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static async ValueTask DisposeInstanceAsync(object? instance)
    {
        if (instance is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else if (instance is IDisposable disposable) disposable.Dispose();
    }

    private void Fail(string name, string assemblyPath, string error, ILogger logger)
    {
        _plugins.Add(new PluginDescriptor { Name = name, AssemblyPath = assemblyPath, Error = error });
        logger.LogWarning("Plugin {Plugin} skipped: {Error}", name, error);
    }

    private void Index(ILogger logger)
    {
        var executors = new Dictionary<string, IExecutor>(StringComparer.OrdinalIgnoreCase);
        var validators = new Dictionary<string, IValidator>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in _plugins.Where(p => p.Loaded))
        {
            var added = plugin.Instance switch
            {
                IExecutor executor => executors.TryAdd(executor.Name, executor),
                IValidator validator => validators.TryAdd(validator.Name, validator),
                _ => true,
            };
            if (!added) logger.LogInformation("Plugin {Name} at {Path} is shadowed by an earlier plugin of the same name", plugin.Name, plugin.AssemblyPath);
        }

        Executors = executors;
        Validators = [.. validators.Values];
    }

    private static string Describe(Exception ex) => ex switch
    {
        ReflectionTypeLoadException rtle => string.Join("; ", rtle.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct()),
        FileNotFoundException fnf => $"missing dependency {fnf.FileName ?? fnf.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
