using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Core.Plugins;
using Sandbox.Core.Pooling;

namespace Sandbox.Core;

/// <summary>
/// The runtime's executors as runs and sessions use them: each loaded plugin executor wrapped once, so that every
/// sandbox it starts holds a slot of the runtime's <see cref="SandboxLimiter"/> (and runs are pooled when configured).
/// A wrapper belongs to the plugin instance it wraps, not to its name: after a source plugin is reloaded the old
/// wrapper is dropped (its pool destroyed), so later runs reach the new code and the old load context can unload.
/// </summary>
internal sealed class BoundedExecutors : IAsyncDisposable
{
    private readonly PluginCatalog _plugins;
    private readonly PoolOptions _pool;
    private readonly SandboxLimiter _limiter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ISessionExecutor> _wrappers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Task> _retiring = [];

    public BoundedExecutors(PluginCatalog plugins, PoolOptions pool, SandboxLimiter limiter, ILoggerFactory loggerFactory)
    {
        _plugins = plugins;
        _pool = pool;
        _limiter = limiter;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<BoundedExecutors>();
        _plugins.Reloaded += OnReloaded;
    }

    /// <summary>The wrapper of <paramref name="plugin"/>, created on first use.</summary>
    public ISessionExecutor Get(IExecutor plugin)
    {
        ISessionExecutor? stale;
        ISessionExecutor created;
        lock (_wrappers)
        {
            if (_wrappers.TryGetValue(plugin.Name, out stale) && ReferenceEquals(InnerOf(stale), plugin)) return stale;
            created = _pool.Enabled ? new PooledExecutor(plugin, _pool, _limiter, _loggerFactory) : new LimitedExecutor(plugin, _limiter);
            _wrappers[plugin.Name] = created;
        }

        if (stale is not null) Retire(stale);
        return created;
    }

    /// <summary>Destroys the warm pools' ready sandboxes.</summary>
    public async ValueTask DisposeAsync()
    {
        _plugins.Reloaded -= OnReloaded;
        ISessionExecutor[] wrappers;
        Task[] retiring;
        lock (_wrappers)
        {
            wrappers = [.. _wrappers.Values];
            _wrappers.Clear();
            retiring = [.. _retiring];
        }

        foreach (var pooled in wrappers.OfType<PooledExecutor>()) await pooled.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(retiring).ConfigureAwait(false);
    }

    private static IExecutor InnerOf(ISessionExecutor wrapper) => wrapper switch
    {
        PooledExecutor pooled => pooled.Inner,
        LimitedExecutor limited => limited.Inner,
        _ => wrapper,
    };

    // A reload replaces instances without anyone asking for the new wrapper yet: drop the stale ones now, or they
    // would keep the old (disposed) instance and its collectible context alive until the next run on that name.
    private void OnReloaded(object? sender, PluginReloadedEventArgs e)
    {
        var current = _plugins.Executors;
        List<ISessionExecutor> stale = [];
        lock (_wrappers)
        {
            foreach (var (name, wrapper) in _wrappers.ToArray())
            {
                if (current.TryGetValue(name, out var plugin) && ReferenceEquals(plugin, InnerOf(wrapper))) continue;
                _wrappers.Remove(name);
                stale.Add(wrapper);
            }
        }

        foreach (var wrapper in stale) Retire(wrapper);
    }

    private void Retire(ISessionExecutor wrapper)
    {
        if (wrapper is not PooledExecutor pooled) return;
        lock (_wrappers)
        {
            _retiring.RemoveAll(t => t.IsCompleted);
            _retiring.Add(DisposeQuietlyAsync(pooled));
        }
    }

    private async Task DisposeQuietlyAsync(PooledExecutor pooled)
    {
        try
        {
            await pooled.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The plugin behind it was replaced: nobody waits for this pool, so say what failed instead of throwing.
            _logger.LogWarning(ex, "Destroying the warm pool of the replaced executor {Executor} failed", pooled.Name);
        }
    }
}
