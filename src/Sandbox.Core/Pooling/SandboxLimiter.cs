using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Sandbox.Core.Diagnostics;

namespace Sandbox.Core.Pooling;

/// <summary>
/// Bounds the sandboxes alive at once across a runtime: every cold run, pooled run, warm idle sandbox and session holds a
/// <see cref="SandboxSlot"/> until its sandbox is removed. Runs beyond the bound queue in arrival order; cancelling a
/// queued run takes it out of the queue at once. When a run has to queue, idle warm sandboxes are evicted to make room.
/// </summary>
public sealed class SandboxLimiter
{
    private readonly SemaphoreSlim _slots;
    private readonly object _gate = new();
    private readonly List<Func<bool>> _reclaimers = [];
    private int _live;
    private int _peak;
    private int _queued;

    /// <summary>Creates a limiter.</summary>
    /// <param name="maxLive">Sandboxes alive at once.</param>
    /// <param name="queueTimeout">How long a run may queue before <see cref="CapacityExhaustedException"/>; <c>null</c> = until cancelled.</param>
    public SandboxLimiter(int maxLive, TimeSpan? queueTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLive, 1);
        if (queueTimeout is { } t && t <= TimeSpan.Zero && t != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(queueTimeout), "must be positive");
        MaxLive = maxLive;
        QueueTimeout = queueTimeout;
        _slots = new SemaphoreSlim(maxLive, maxLive);
        SandboxMetrics.Track(this);
    }

    /// <summary>Creates a limiter from <paramref name="options"/>.</summary>
    public SandboxLimiter(ConcurrencyOptions options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).MaxLiveSandboxes, options.QueueTimeout)
    {
    }

    /// <summary>The bound.</summary>
    public int MaxLive { get; }

    /// <summary>How long a run may queue; <c>null</c> = until cancelled.</summary>
    public TimeSpan? QueueTimeout { get; }

    /// <summary>Slots held now.</summary>
    public int Live => Volatile.Read(ref _live);

    /// <summary>The most slots ever held at once.</summary>
    public int PeakLive => Volatile.Read(ref _peak);

    /// <summary>Runs waiting for a slot now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Takes a slot, queuing while all are held.</summary>
    /// <exception cref="CapacityExhaustedException">No slot became free within <see cref="QueueTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while queued; nothing is held.</exception>
    public async Task<SandboxSlot> AcquireAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TryAcquire(out var slot)) return slot;
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _queued);
        try
        {
            Reclaim();
            if (!await _slots.WaitAsync(QueueTimeout ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false))
            {
                throw new CapacityExhaustedException($"the live-sandbox limit ({MaxLive})", Stopwatch.GetElapsedTime(started),
                    "raise concurrency.maxLiveSandboxes or concurrency.queueTimeout, or run fewer requests at once.");
            }

            return Granted();
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>Takes a slot only if one is free now.</summary>
    public bool TryAcquire([NotNullWhen(true)] out SandboxSlot? slot)
    {
        slot = _slots.Wait(0) ? Granted() : null;
        return slot is not null;
    }

    /// <summary>
    /// Registers a callback that frees a slot held by something expendable (an idle warm sandbox) when a run has to queue;
    /// it returns whether it freed one (the slot comes back once the sandbox is removed). Dispose the result to unregister.
    /// </summary>
    internal IDisposable AddReclaimer(Func<bool> reclaim)
    {
        lock (_gate) _reclaimers.Add(reclaim);
        return new Unregister(this, reclaim);
    }

    private void Reclaim()
    {
        Func<bool>[] reclaimers;
        lock (_gate) reclaimers = [.. _reclaimers];
        foreach (var reclaim in reclaimers)
        {
            if (reclaim()) return;
        }
    }

    private SandboxSlot Granted()
    {
        var live = Interlocked.Increment(ref _live);
        for (var peak = Volatile.Read(ref _peak); live > peak; peak = Volatile.Read(ref _peak))
        {
            if (Interlocked.CompareExchange(ref _peak, live, peak) == peak) break;
        }

        return new SandboxSlot(() =>
        {
            Interlocked.Decrement(ref _live);
            _slots.Release();
        });
    }

    private sealed class Unregister(SandboxLimiter limiter, Func<bool> reclaim) : IDisposable
    {
        public void Dispose()
        {
            lock (limiter._gate) limiter._reclaimers.Remove(reclaim);
        }
    }
}
