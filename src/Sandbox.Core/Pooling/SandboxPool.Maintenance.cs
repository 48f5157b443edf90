using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>The pool's background side: refill, expiry, eviction for queued runs, warm-up and shutdown.</summary>
internal sealed partial class SandboxPool
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>Keeps <paramref name="key"/> at its minimum from now on, even while unused.</summary>
    public void Pin(PoolKey key, PoolPolicy policy)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            StateFor(key, policy).Pinned = true;
        }

        Wake();
    }

    /// <summary>Pins <paramref name="key"/> and waits until its minimum of ready sandboxes is there.</summary>
    /// <exception cref="SandboxException">Starting a sandbox failed (engine unavailable, image missing, ...).</exception>
    public async Task WarmAsync(PoolKey key, PoolPolicy policy, CancellationToken cancellationToken)
    {
        Pin(key, policy);
        while (true)
        {
            Exception? error;
            lock (_gate)
            {
                var state = StateFor(key, policy);
                if (state.IdleCount >= policy.MinIdle) return;
                error = state.Creating == 0 ? state.LastError : null;
            }

            if (error is not null) ExceptionDispatchInfo.Throw(error);
            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the pool holds now, per key.</summary>
    public IReadOnlyList<PoolKeyStatus> Snapshot()
    {
        lock (_gate)
        {
            return [.. _keys.Values.Select(s => s.Status())];
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<PooledSandbox> idle;
        List<PoolWaiter> waiters;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            idle = [];
            waiters = [];
            foreach (var state in _keys.Values)
            {
                var (ready, waiting) = state.ShutDown();
                idle.AddRange(ready);
                waiters.AddRange(waiting);
            }
        }

        _reclaimer.Dispose();
        foreach (var waiter in waiters) waiter.Completion.TrySetException(new ObjectDisposedException(nameof(PooledExecutor), "The pool shut down while the run waited for a sandbox."));
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _maintenance.ConfigureAwait(false);
        await Task.WhenAll(idle.Select(s => DestroyAsync(s, "shutdown"))).ConfigureAwait(false);
        // Starts in flight see the shutdown and remove what they created.
        while (true)
        {
            Task[] pending;
            lock (_gate) pending = [.. _background.Where(t => !t.IsCompleted)];
            if (pending.Length == 0) break;
            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task MaintainAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                Maintain();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Warm pool maintenance failed; retrying");
            }

            try
            {
                await _wake.WaitAsync(_options.MaintenanceInterval, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    private void Maintain()
    {
        var expired = new List<PooledSandbox>();
        var starts = new List<(KeyState State, SandboxSlot? Slot)>();
        lock (_gate)
        {
            if (_disposed) return;
            // Runs waiting anywhere come first: background refills never compete with them for a slot.
            var anyoneWaiting = _limiter.Queued > 0 || _keys.Values.Any(s => s.WaiterCount > 0);
            foreach (var state in _keys.Values.ToList())
            {
                expired.AddRange(state.TakeExpired());
                PlanStartsLocked(state, anyoneWaiting, starts);
                if (state.Total == 0 && state.WaiterCount == 0 && !state.IsActive) _keys.Remove(state.Key);
            }
        }

        foreach (var sandbox in expired) Track(DestroyAsync(sandbox, "expired"));
        foreach (var (state, slot) in starts) Track(StartAsync(state, slot));
    }

    private void PlanStartsLocked(KeyState state, bool anyoneWaiting, List<(KeyState, SandboxSlot?)> starts)
    {
        var policy = state.Policy;
        var wanted = (state.IsActive ? policy.MinIdle : 0) + state.WaiterCount;
        var missing = Math.Min(wanted - state.IdleCount - state.Creating, policy.MaxSize - state.Total);
        var forWaiters = state.WaiterCount - state.Creating;
        for (var i = 0; i < missing; i++)
        {
            SandboxSlot? slot = null;
            // A start for a waiting run queues for its slot; a background refill takes only a free one, after any back-off.
            if (i >= forWaiters && (anyoneWaiting || Stopwatch.GetTimestamp() < state.RetryAfter || !_limiter.TryAcquire(out slot))) break;
            state.StartPlanned();
            starts.Add((state, slot));
        }
    }

    private async Task StartAsync(KeyState state, SandboxSlot? slot)
    {
        PooledSandbox sandbox;
        try
        {
            slot ??= await _limiter.AcquireAsync(_stopping.Token).ConfigureAwait(false);
            var spec = state.Key.Spec with { Id = $"pool-{Guid.NewGuid():N}"[..17] };
            // Not cancelled by shutdown: the pool serves any session executor, and the contract does not promise that
            // a start cut off midway leaves nothing behind. Shutdown waits for the start instead, then destroys the
            // session it made through the contract's own disposal.
            var session = await (_singleUse?.CreateSingleUseSessionAsync(spec, CancellationToken.None)
                ?? _executor.CreateSessionAsync(spec, CancellationToken.None)).ConfigureAwait(false);
            sandbox = new PooledSandbox(session, slot, state);
        }
        catch (Exception ex)
        {
            slot?.Dispose();
            StartFailed(state, ex);
            return;
        }

        Emit(new PoolEvent(PoolEventKind.Created, _executor.Name, sandbox.Session.Id));
        bool shutdown;
        lock (_gate)
        {
            shutdown = _disposed;
            state.Started(sandbox, shutdown);
        }

        if (shutdown) await DestroyAsync(sandbox, "shutdown").ConfigureAwait(false);
    }

    // A failed start fails the longest-waiting run with the same error a cold run would have had, and backs off refills.
    private void StartFailed(KeyState state, Exception error)
    {
        PoolWaiter? waiter;
        lock (_gate)
        {
            var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(state.Failures + 1, 16))));
            waiter = state.StartFailed(error, backoff, _disposed);
            if (_disposed) return;
        }

        waiter?.Completion.TrySetException(error);
        if (waiter is null) _logger.LogWarning(error, "Starting a warm sandbox of {Key} failed ({Failures} in a row); retrying later", state.Key, state.Failures);
        Emit(new PoolEvent(PoolEventKind.CreateFailed, _executor.Name, null) { Error = error });
        Wake();
    }

    // Called by the limiter when a run has to queue: the oldest ready sandbox (of any key) makes room.
    private bool EvictOldestIdle()
    {
        PooledSandbox? victim = null;
        lock (_gate)
        {
            if (_disposed) return false;
            foreach (var state in _keys.Values)
            {
                if (state.OldestIdle is { } oldest && (victim is null || oldest.IdleSince < victim.IdleSince)) victim = oldest;
            }

            if (victim is null) return false;
            victim.Owner.EvictOldest();
        }

        Track(DestroyAsync(victim, "evicted"));
        return true;
    }
}
