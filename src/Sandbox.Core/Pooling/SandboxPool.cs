using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>
/// Warm sandboxes of one session executor, per <see cref="PoolKey"/>: hands a ready one to each run (each is used once,
/// then destroyed), refills in the background, expires idle ones and gives slots back to the limiter when runs queue.
/// This file is the run's side: acquire, return, destroy. Maintenance is in <c>SandboxPool.Maintenance.cs</c>; every
/// change of a sandbox's state goes through its key's <see cref="KeyState"/>.
/// </summary>
internal sealed partial class SandboxPool : IAsyncDisposable
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    private readonly ISessionExecutor _executor;
    private readonly ISingleUseSessionExecutor? _singleUse;
    private readonly SandboxLimiter _limiter;
    private readonly PoolOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<PoolKey, KeyState> _keys = [];
    private readonly HashSet<Task> _background = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IDisposable _reclaimer;
    private readonly Task _maintenance;
    private bool _disposed;
    private long _distrustedAt;

    public SandboxPool(ISessionExecutor executor, SandboxLimiter limiter, PoolOptions options, ILogger logger)
    {
        _executor = executor;
        // A sandbox serves one run: where the executor can prepare that run's start, the run costs only its command.
        _singleUse = executor as ISingleUseSessionExecutor;
        _limiter = limiter;
        _options = options;
        _logger = logger;
        _reclaimer = limiter.AddReclaimer(EvictOldestIdle);
        _maintenance = Task.Run(MaintainAsync);
    }

    /// <summary>
    /// Whether allow-list runs can be pooled: the executor starts single-use sandboxes with a pending policy and puts the
    /// run's in force with its command.
    /// </summary>
    public bool DefersEgressPolicy => _singleUse?.DefersEgressPolicy == true;

    /// <summary>
    /// A ready, healthy sandbox of <paramref name="key"/>, counted as busy until <see cref="DestroyAsync"/>; <c>null</c>
    /// when none is ready and the policy says to run cold.
    /// </summary>
    /// <exception cref="CapacityExhaustedException">None is ready and the policy fails fast, or none came within its timeout.</exception>
    public async Task<PooledSandbox?> AcquireAsync(PoolKey key, PoolPolicy policy, string? requestId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var (state, sandbox, waiter) = TakeOrQueue(key, policy);
            Wake();
            if (sandbox is null && waiter is null)
            {
                if (policy.WhenExhausted == PoolExhaustionMode.Cold) return null;
                throw new CapacityExhaustedException(state.Describe(), TimeSpan.Zero, "no ready sandbox and pool.whenExhausted is failFast; raise pool.minIdle or pool.maxSize, or use wait or cold.");
            }

            sandbox ??= await WaitAsync(state, waiter!, started, cancellationToken).ConfigureAwait(false);
            bool healthy;
            try
            {
                healthy = await IsHealthyAsync(sandbox, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Only the caller's cancellation gets here; the sandbox was not touched, so it stays in the pool.
                ReturnUnused(sandbox);
                throw;
            }

            if (healthy)
            {
                Emit(new PoolEvent(PoolEventKind.Leased, _executor.Name, sandbox.Session.Id) { RequestId = requestId });
                return sandbox;
            }

            Track(DestroyAsync(sandbox, "unhealthy"));
        }
    }

    /// <summary>Removes a sandbox that was busy (used, unhealthy, expired, evicted) and gives its slot back.</summary>
    /// <returns>Why removal failed, or <c>null</c>.</returns>
    public async Task<string?> DestroyAsync(PooledSandbox sandbox, string reason)
    {
        Exception? error = null;
        try
        {
            await sandbox.Session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            _logger.LogWarning(ex, "Removing pooled sandbox {SandboxId} ({Reason}) failed; the orphan sweep will retry", sandbox.Session.Id, reason);
        }

        sandbox.Slot.Dispose();
        lock (_gate) sandbox.Owner.Removed();
        Emit(new PoolEvent(PoolEventKind.Destroyed, _executor.Name, sandbox.Session.Id) { Reason = reason, Error = error });
        Wake();
        return error?.Message;
    }

    /// <summary>
    /// Every sandbox ready now is checked before it is handed out, however recently it was verified: a run found the
    /// engine gone, and sandboxes started before that may have died with it (issue 12).
    /// </summary>
    public void DistrustReady() => Interlocked.Exchange(ref _distrustedAt, Stopwatch.GetTimestamp());

    /// <summary><see cref="DestroyAsync"/> in the background; shutdown waits for it.</summary>
    public void DestroyLater(PooledSandbox sandbox, string reason) => Track(DestroyAsync(sandbox, reason));

    private (KeyState State, PooledSandbox? Sandbox, PoolWaiter? Waiter) TakeOrQueue(PoolKey key, PoolPolicy policy)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = StateFor(key, policy);
            if (state.TakeIdle() is { } sandbox) return (state, sandbox, null);
            if (policy.WhenExhausted != PoolExhaustionMode.Wait) return (state, null, null);
            return (state, null, state.AddWaiter());
        }
    }

    private async Task<PooledSandbox> WaitAsync(KeyState state, PoolWaiter waiter, long started, CancellationToken cancellationToken)
    {
        var timeout = state.Policy.AcquireTimeout;
        if (timeout != Timeout.InfiniteTimeSpan) timeout = TimeSpan.FromTicks(Math.Max(1, (timeout - Stopwatch.GetElapsedTime(started)).Ticks));
        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            bool served;
            lock (_gate) served = !state.RemoveWaiter(waiter);

            // Handed over just as this run gave up: the sandbox is unused, so it goes back to the pool.
            if (served && waiter.Completion.Task.IsCompletedSuccessfully) ReturnUnused(await waiter.Completion.Task.ConfigureAwait(false));
            else if (served) _ = waiter.Completion.Task.Exception;
            if (ex is TimeoutException)
                throw new CapacityExhaustedException(state.Describe(), Stopwatch.GetElapsedTime(started), "raise pool.maxSize, pool.acquireTimeout or concurrency.maxLiveSandboxes, or set pool.whenExhausted to cold.");
            throw;
        }
    }

    private async Task<bool> IsHealthyAsync(PooledSandbox sandbox, CancellationToken cancellationToken)
    {
        var trusted = sandbox.VerifiedAt > Interlocked.Read(ref _distrustedAt);
        if (trusted && !sandbox.Owner.Policy.NeedsHealthCheck(Stopwatch.GetElapsedTime(sandbox.VerifiedAt))) return true;
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(HealthCheckTimeout);
        try
        {
            if (!await AnswersAsync(sandbox.Session, probe.Token).ConfigureAwait(false)) return false;
            sandbox.VerifiedAt = Stopwatch.GetTimestamp();
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Pooled sandbox {SandboxId} failed its health check and is replaced: {Message}", sandbox.Session.Id, ex.Message);
            return false;
        }
    }

    // Statistics are cheap and show whether anything still runs; a sandbox whose idle process died (engine restart,
    // removed by hand) shows nothing. When the executor measures nothing, a trivial command decides — except in a
    // single-use sandbox, whose one command is the run's, and whose figures are all there is to go on.
    private async Task<bool> AnswersAsync(ISandboxSession session, CancellationToken cancellationToken)
    {
        var stats = await session.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        if (stats.Pids is 0) return false;
        if (stats.Pids > 0 || stats.MemoryBytes > 0) return true;
        if (_singleUse is not null) return false;
        var probe = await session.ExecAsync(SessionCommand.For("true") with { Timeout = HealthCheckTimeout }, cancellationToken).ConfigureAwait(false);
        return probe.ExitCode == 0;
    }

    private void ReturnUnused(PooledSandbox sandbox)
    {
        bool shutdown;
        lock (_gate)
        {
            shutdown = _disposed;
            if (!shutdown) sandbox.Owner.ReturnedUnused(sandbox);
        }

        if (shutdown) Track(DestroyAsync(sandbox, "shutdown"));
    }

    private KeyState StateFor(PoolKey key, PoolPolicy policy)
    {
        if (!_keys.TryGetValue(key, out var state)) _keys[key] = state = new KeyState(key, policy);
        state.Policy = policy;
        return state;
    }

    private void Emit(PoolEvent poolEvent)
    {
        try
        {
            _options.OnEvent?.Invoke(poolEvent);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A pool event observer failed");
        }
    }

    private void Track(Task task)
    {
        lock (_gate) _background.Add(task);
        _ = task.ContinueWith(t =>
        {
            lock (_gate) _background.Remove(t);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
