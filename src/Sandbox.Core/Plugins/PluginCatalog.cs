using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;

namespace Sandbox.Core.Plugins;

/// <summary>
/// Loads every plugin folder into its own load context, sharing only the contract (Sandbox.Abstractions) and logging
/// abstractions with the host, so plugins may depend on conflicting versions of the same library. Compiled plugins
/// (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>) load into a <see cref="PluginLoadContext"/>; source plugins (<c>plugin.json</c> and
/// <c>*.cs</c>) are compiled by the runtime into a collectible context and can be reloaded when they change. A plugin
/// that fails to load is recorded with the reason and never stops the others.
/// </summary>
public sealed partial class PluginCatalog : IAsyncDisposable
{
    // Only the contract crosses the boundary: a type identity shared with the host for IExecutor/IValidator and ILogger.
    private static readonly Lazy<IReadOnlySet<string>> SharedAssemblies =
        new(() => PluginLoadContext.SharedAssemblies([typeof(IExecutor), typeof(ILogger), typeof(ILoggerFactory)]));

    private readonly Func<PluginKind, string, JsonElement> _settingsFor;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SourcePluginOptions _sourceOptions;
    private readonly object _gate = new();

    // One entry per plugin directory, in priority order; a reload replaces its directory's entry in place.
    private List<PluginDirectoryEntry> _directories = [];

    private PluginCatalog(Func<PluginKind, string, JsonElement>? settingsFor, ILoggerFactory? loggerFactory, SourcePluginOptions? sourceOptions)
    {
        _settingsFor = settingsFor ?? ((_, _) => default);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<PluginCatalog>();
        _sourceOptions = sourceOptions ?? new SourcePluginOptions();
    }

    /// <summary>Every component found, loaded or failed, in priority order.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; private set; } = [];

    /// <summary>The loaded executors by name (the first found wins).</summary>
    public IReadOnlyDictionary<string, IExecutor> Executors { get; private set; } = new Dictionary<string, IExecutor>();

    /// <summary>The loaded validators, in priority order.</summary>
    public IReadOnlyList<IValidator> Validators { get; private set; } = [];

    /// <summary>
    /// Loads the plugins in <paramref name="folders"/> (highest priority first). Compiled plugins load synchronously;
    /// only a source plugin makes this wait for asynchronous work (its compilation); prefer <see cref="LoadAsync"/>
    /// where the caller can await.
    /// </summary>
    /// <param name="folders">Folders holding plugin directories, see <see cref="PluginFolders"/>.</param>
    /// <param name="settingsFor">Settings for a plugin, looked up by its key (see <see cref="SettingsKey"/>).</param>
    /// <param name="loggerFactory">Logging for the catalog and the plugins.</param>
    /// <param name="sourceOptions">How source plugins are compiled and cached.</param>
    /// <param name="components">Executor and validator types compiled into the application, found before every folder.</param>
    public static PluginCatalog Load(IEnumerable<string> folders, Func<PluginKind, string, JsonElement>? settingsFor = null, ILoggerFactory? loggerFactory = null, SourcePluginOptions? sourceOptions = null,
        IEnumerable<Type>? components = null) =>
        // Synchronous callers (DI factories, MSBuild tasks) exist at composition roots; there is no synchronization
        // context to deadlock on and the awaited work is CPU-bound compilation.
        Task.Run(() => LoadAsync(folders, settingsFor, loggerFactory, sourceOptions, components)).GetAwaiter().GetResult();

    /// <summary>Loads the plugins in <paramref name="folders"/> (highest priority first), compiling source plugins.</summary>
    /// <param name="folders">Folders holding plugin directories, see <see cref="PluginFolders"/>.</param>
    /// <param name="settingsFor">Settings for a plugin, looked up by its key (see <see cref="SettingsKey"/>).</param>
    /// <param name="loggerFactory">Logging for the catalog and the plugins.</param>
    /// <param name="sourceOptions">How source plugins are compiled and cached.</param>
    /// <param name="components">Executor and validator types compiled into the application, found before every folder.</param>
    /// <param name="cancellationToken">Cancels compilation.</param>
    public static async Task<PluginCatalog> LoadAsync(IEnumerable<string> folders, Func<PluginKind, string, JsonElement>? settingsFor = null, ILoggerFactory? loggerFactory = null,
        SourcePluginOptions? sourceOptions = null, IEnumerable<Type>? components = null, CancellationToken cancellationToken = default)
    {
        var catalog = new PluginCatalog(settingsFor, loggerFactory, sourceOptions);
        foreach (var type in components ?? []) catalog._directories.Add(catalog.LoadCompiledIn(type));
        foreach (var directory in folders.SelectMany(PluginFolders.PluginDirectories).Select(Path.GetFullPath))
        {
            catalog._directories.Add(IsSourceDirectory(directory)
                ? await catalog.LoadSourceDirectoryAsync(directory, cancellationToken).ConfigureAwait(false)
                : catalog.LoadCompiledDirectory(directory));
        }

        lock (catalog._gate) catalog.Index();
        return catalog;
    }

    /// <summary>
    /// The key a plugin's settings live under in <c>sandbox.json</c> (<c>executors.&lt;key&gt;</c>): the last segment of
    /// its assembly name in lower case, so <c>Sandbox.Executors.Docker</c> reads <c>executors.docker</c>.
    /// </summary>
    public static string SettingsKey(string assemblyName) => assemblyName[(assemblyName.LastIndexOf('.') + 1)..].ToLowerInvariant();

    /// <summary>Every key a configuration section can match (plugin keys and component names), to warn about sections nobody reads.</summary>
    public IReadOnlySet<string> SettingsKeys =>
        Plugins.Select(p => SettingsKey(Path.GetFileNameWithoutExtension(p.AssemblyPath))).Concat(Plugins.Select(p => p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        StopWatching();
        List<PluginDirectoryEntry> directories;
        lock (_gate)
        {
            directories = _directories;
            _directories = [];
            Plugins = [];
            Executors = new Dictionary<string, IExecutor>();
            Validators = [];
        }

        foreach (var entry in directories) await UnloadAsync(entry).ConfigureAwait(false);
    }

    // A folder with a plugin.json and no built assembly is compiled from source.
    private static bool IsSourceDirectory(string directory) =>
        PluginFolders.MainAssembly(directory) is null && File.Exists(Path.Combine(directory, PluginManifest.FileName));

    private PluginDirectoryEntry LoadCompiledDirectory(string directory)
    {
        var name = Path.GetFileName(directory);
        var assemblyPath = PluginFolders.MainAssembly(directory);
        if (assemblyPath is null)
            return Failed(directory, name, Path.Combine(directory, name + ".dll"), $"no plugin assembly: expected {name}.dll (or a single assembly with a .deps.json, or a {PluginManifest.FileName} with .cs files) in {directory}");

        Assembly assembly;
        try
        {
            var context = new PluginLoadContext(assemblyPath, SharedAssemblies.Value);
            assembly = context.LoadFromAssemblyPath(assemblyPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return Failed(directory, name, assemblyPath, $"cannot load: {Describe(ex)}");
        }

        var contextName = $"{AssemblyLoadContext.GetLoadContext(assembly)?.GetType().Name}#{name}";
        var template = new PluginDescriptor { Name = name, AssemblyPath = assemblyPath, LoadContext = contextName };
        return new PluginDirectoryEntry(directory, Activate(directory, assembly, template, entryType: null), Context: null);
    }

    // A component compiled into the application lives in the default load context; it is constructed exactly as a
    // plugin's would be, with the settings of its assembly's key.
    private PluginDirectoryEntry LoadCompiledIn(Type type)
    {
        var assemblyPath = type.Assembly.Location;
        var directory = Path.GetDirectoryName(assemblyPath) is { Length: > 0 } folder ? folder : AppContext.BaseDirectory;
        var template = new PluginDescriptor { Name = type.Name, AssemblyPath = assemblyPath, LoadContext = "Default#compiled-in" };
        return new PluginDirectoryEntry(directory, Activate(directory, type.Assembly, template, type.FullName), Context: null);
    }

    // The one place components are found and constructed, for compiled and source plugins alike.
    private List<PluginDescriptor> Activate(string directory, Assembly assembly, PluginDescriptor template, string? entryType)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or ReflectionTypeLoadException or TypeLoadException)
        {
            return [template with { Error = $"cannot load: {Describe(ex)}" }];
        }

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString();
        var key = SettingsKey(assembly.GetName().Name ?? template.Name);
        var descriptors = new List<PluginDescriptor>();
        foreach (var type in types.Where(t => entryType is null || t.FullName == entryType))
        {
            if (!PluginActivator.IsComponent(type, out var kind)) continue;
            var context = new PluginContext(directory, _settingsFor(kind, key), _loggerFactory);
            var descriptor = template with { Kind = kind, TypeName = type.FullName, Version = version };
            try
            {
                var instance = PluginActivator.Create(type, context);
                descriptors.Add(descriptor with { Name = NameOf(instance), Instance = instance });
            }
            catch (PluginSettingsException ex)
            {
                // Named from the configuration's root, as every other configuration error is.
                var section = $"{(kind == PluginKind.Executor ? "executors" : "validators")}.{key}";
                var problems = string.Join("; ", ex.Problems.Select(p => p.Under(section)));
                descriptors.Add(descriptor with { Name = key, Error = $"its settings do not fit: {problems}", SettingsDoNotFit = true });
                _logger.LogWarning("Plugin {Plugin} ({Type}) not started: its settings do not fit: {Problems}", template.Name, type.FullName, problems);
            }
            catch (Exception ex)
            {
                descriptors.Add(descriptor with { Name = key, Error = $"{type.FullName} failed to start: {Describe(ex)}" });
                _logger.LogWarning("Plugin {Plugin} ({Type}) failed to start: {Error}", template.Name, type.FullName, Describe(ex));
            }
        }

        if (descriptors.Count > 0) return descriptors;
        var error = entryType is null
            ? "contains no public executor or validator type with a PluginContext or parameterless constructor"
            : $"entry type {entryType} is not a public executor or validator with a PluginContext or parameterless constructor";
        _logger.LogWarning("Plugin {Plugin} skipped: {Error}", template.Name, error);
        return [template with { Error = error }];
    }

    private static string NameOf(object instance) => instance is IExecutor executor ? executor.Name : ((IValidator)instance).Name;

    private PluginDirectoryEntry Failed(string directory, string name, string assemblyPath, string error)
    {
        _logger.LogWarning("Plugin {Plugin} skipped: {Error}", name, error);
        return new PluginDirectoryEntry(directory, [new PluginDescriptor { Name = name, AssemblyPath = assemblyPath, Error = error }], Context: null);
    }

    private void Index()
    {
        var executors = new Dictionary<string, IExecutor>(StringComparer.OrdinalIgnoreCase);
        var validators = new Dictionary<string, IValidator>(StringComparer.OrdinalIgnoreCase);
        var plugins = _directories.SelectMany(d => d.Descriptors).ToArray();
        foreach (var plugin in plugins.Where(p => p.Loaded))
        {
            var added = plugin.Instance switch
            {
                IExecutor executor => executors.TryAdd(executor.Name, executor),
                IValidator validator => validators.TryAdd(validator.Name, validator),
                _ => true,
            };
            if (!added) _logger.LogInformation("Plugin {Name} at {Path} is shadowed by an earlier plugin of the same name", plugin.Name, plugin.AssemblyPath);
        }

        Plugins = plugins;
        Executors = executors;
        Validators = [.. validators.Values];
    }

    private static async ValueTask UnloadAsync(PluginDirectoryEntry entry)
    {
        foreach (var plugin in entry.Descriptors)
        {
            if (plugin.Instance is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else if (plugin.Instance is IDisposable disposable) disposable.Dispose();
        }

        entry.Context?.Unload();
    }

    private static string Describe(Exception ex) => ex switch
    {
        ReflectionTypeLoadException rtle => string.Join("; ", rtle.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct()),
        FileNotFoundException fnf => $"missing dependency {fnf.FileName ?? fnf.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>The components of one plugin directory and, for a source plugin, the collectible context they live in.</summary>
    private sealed record PluginDirectoryEntry(string Directory, IReadOnlyList<PluginDescriptor> Descriptors, AssemblyLoadContext? Context)
    {
        public bool IsSource { get; init; }
    }
}
