using Microsoft.Extensions.Logging;

namespace Sandbox.Core.Plugins;

public sealed partial class PluginCatalog
{
    private SourcePluginWatcher? _watcher;

    /// <summary>Raised after a source plugin was reloaded (by <see cref="ReloadAsync"/> or the watcher), with its new components.</summary>
    public event EventHandler<PluginReloadedEventArgs>? Reloaded;

    /// <summary>The directories of the source plugins in this catalog.</summary>
    public IReadOnlyList<string> SourcePluginDirectories
    {
        get
        {
            lock (_gate) return [.. _directories.Where(d => d.IsSource).Select(d => d.Directory)];
        }
    }

    /// <summary>
    /// Recompiles (or takes from the cache) the source plugin in <paramref name="directory"/> and swaps it in: the old
    /// components are disposed, dropped from <see cref="Plugins"/>, <see cref="Executors"/> and <see cref="Validators"/>, and
    /// their load context is unloaded. A compile error replaces them with a failed entry that carries the diagnostics.
    /// </summary>
    /// <returns>The directory's new components (or its failure).</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is not a source plugin of this catalog.</exception>
    public async Task<IReadOnlyList<PluginDescriptor>> ReloadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(directory);
        if (!SourcePluginDirectories.Contains(full, StringComparer.Ordinal)) throw new ArgumentException($"{directory} is not a source plugin of this catalog", nameof(directory));
        var loaded = await LoadSourceDirectoryAsync(full, cancellationToken).ConfigureAwait(false);
        PluginDirectoryEntry? old;
        lock (_gate)
        {
            var index = _directories.FindIndex(d => d.Directory == full);
            old = index < 0 ? null : _directories[index];
            if (index >= 0) _directories = [.. _directories[..index], loaded, .. _directories[(index + 1)..]];
            Index();
        }

        if (old is not null) await UnloadAsync(old).ConfigureAwait(false);
        _logger.LogInformation("Reloaded source plugin {Directory}: {State}", full, loaded.Descriptors.All(d => d.Loaded) ? "loaded" : "failed");
        Reloaded?.Invoke(this, new PluginReloadedEventArgs(full, loaded.Descriptors));
        return loaded.Descriptors;
    }

    /// <summary>
    /// Watches every source plugin's folder and reloads a plugin when its <c>.cs</c> files or <c>plugin.json</c> change
    /// (changes within a short quiet period are taken together). Stops when the catalog is disposed or the result is.
    /// </summary>
    public IDisposable WatchSourcePlugins()
    {
        lock (_gate)
        {
            _watcher ??= new SourcePluginWatcher(SourcePluginDirectories, ReloadFromWatcherAsync);
            return _watcher;
        }
    }

    private void StopWatching()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private async Task ReloadFromWatcherAsync(string directory, CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A watcher has no caller to throw to: say what failed and keep watching.
            _logger.LogError(ex, "Reloading source plugin {Directory} failed", directory);
        }
    }

    private async Task<PluginDirectoryEntry> LoadSourceDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(directory);
        LoadedSourcePlugin loaded;
        try
        {
            loaded = await SourcePluginLoader.LoadAsync(directory, _sourceOptions, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (SourcePluginException ex)
        {
            _logger.LogWarning("Source plugin {Plugin} skipped: {Error}", name, ex.Message);
            var failed = new PluginDescriptor
            {
                Name = name, Kind = ex.Kind, AssemblyPath = Path.Combine(directory, PluginManifest.FileName), Error = ex.Message, Diagnostics = ex.Diagnostics, SourceDirectory = directory,
            };
            return new PluginDirectoryEntry(directory, [failed], Context: null) { IsSource = true };
        }

        var manifest = PluginManifest.Read(directory);
        var template = new PluginDescriptor
        {
            Name = name, AssemblyPath = loaded.AssemblyPath, LoadContext = loaded.Context.Name, Diagnostics = loaded.Diagnostics, SourceDirectory = directory, FromCache = loaded.FromCache,
        };
        var descriptors = Activate(directory, loaded.Assembly, template, manifest.EntryType);
        var wrongKind = descriptors.Where(d => d.Kind is { } kind && kind != manifest.Kind).Select(d => d.TypeName).ToList();
        if (wrongKind.Count > 0)
        {
            var entry = new PluginDirectoryEntry(directory, descriptors, loaded.Context);
            await UnloadAsync(entry).ConfigureAwait(false);
            var error = $"{PluginManifest.FileName} declares kind '{manifest.Kind.ToString().ToLowerInvariant()}' but {string.Join(", ", wrongKind)} is not one";
            return new PluginDirectoryEntry(directory, [template with { Error = error, AssemblyPath = loaded.AssemblyPath }], Context: null) { IsSource = true };
        }

        return new PluginDirectoryEntry(directory, descriptors, loaded.Context) { IsSource = true };
    }
}

/// <summary>A source plugin was reloaded.</summary>
/// <param name="Directory">The plugin's folder.</param>
/// <param name="Plugins">Its components after the reload (or its failure, with diagnostics).</param>
public sealed record PluginReloadedEventArgs(string Directory, IReadOnlyList<PluginDescriptor> Plugins);
