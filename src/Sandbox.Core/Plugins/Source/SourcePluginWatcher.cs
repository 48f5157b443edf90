namespace Sandbox.Core.Plugins;

/// <summary>
/// Watches source plugin folders and calls back once per burst of changes to a folder's <c>.cs</c> files or
/// <c>plugin.json</c>: editors save in several steps (temp file, rename, touch), and one reload per save is enough.
/// </summary>
internal sealed class SourcePluginWatcher : IDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(300);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, Task> _reload;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private Task _reloads = Task.CompletedTask;

    public SourcePluginWatcher(IEnumerable<string> directories, Func<string, CancellationToken, Task> reload)
    {
        _reload = reload;
        foreach (var directory in directories)
        {
            var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            FileSystemEventHandler changed = (_, e) => OnChanged(directory, e.FullPath);
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, e) => OnChanged(directory, e.FullPath);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            foreach (var watcher in _watchers) watcher.Dispose();
            foreach (var pending in _pending.Values) pending.Dispose();
            _pending.Clear();
        }
    }

    private void OnChanged(string directory, string path)
    {
        var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
        if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)) return;
        if (!path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(path) != PluginManifest.FileName) return;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            if (_pending.Remove(directory, out var earlier))
            {
                earlier.Cancel();
                earlier.Dispose();
            }

            var quiet = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _pending[directory] = quiet;
            // Reloads run one after another, never two at once for the catalog.
            _reloads = _reloads.ContinueWith(_ => ReloadAfterQuietPeriodAsync(directory, quiet), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task ReloadAfterQuietPeriodAsync(string directory, CancellationTokenSource quiet)
    {
        try
        {
            await Task.Delay(QuietPeriod, quiet.Token).ConfigureAwait(false);
            lock (_gate) _pending.Remove(directory);
            await _reload(directory, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A later change restarted the quiet period, or the watcher stopped.
        }
        catch (ObjectDisposedException)
        {
            // The watcher stopped while this reload was waiting.
        }
    }
}
