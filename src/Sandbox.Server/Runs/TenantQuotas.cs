using System.Collections.Concurrent;
using Sandbox.Core.Configuration;
using Sandbox.Core.Pooling;

namespace Sandbox.Server.Runs;

/// <summary>
/// Bounds each tenant's runs: <c>maxLiveSandboxes</c> run at once, up to <c>maxQueuedRuns</c> more wait, and the next is
/// refused at once with <see cref="CapacityExhaustedException"/> (429) instead of piling up. The runtime-wide bound
/// (<c>concurrency.maxLiveSandboxes</c>) still applies on top.
/// </summary>
internal sealed class TenantQuotas(ServerConfig config)
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Takes one of <paramref name="tenant"/>'s run slots, waiting in its queue if there is room; dispose to give it back.</summary>
    /// <exception cref="CapacityExhaustedException">The tenant's queue is full.</exception>
    public async Task<IDisposable> EnterRunAsync(string tenant, CancellationToken cancellationToken)
    {
        var quota = config.QuotaFor(tenant);
        if (quota.MaxLiveSandboxes is not { } live) return NoSlot.Instance;
        var gate = _gates.GetOrAdd(tenant, _ => new Gate(live));
        if (gate.Slots.Wait(0, CancellationToken.None)) return new Slot(gate);
        if (Interlocked.Increment(ref gate.Queued) > quota.MaxQueuedRuns)
        {
            Interlocked.Decrement(ref gate.Queued);
            throw new CapacityExhaustedException($"tenant '{tenant}''s quota ({live} live, {quota.MaxQueuedRuns} queued)", TimeSpan.Zero,
                $"retry later, or raise server.quotas.{tenant}.maxLiveSandboxes or maxQueuedRuns in sandbox.json");
        }

        try
        {
            await gate.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Slot(gate);
        }
        finally
        {
            Interlocked.Decrement(ref gate.Queued);
        }
    }

    /// <summary>Takes one of <paramref name="tenant"/>'s run slots if one is free now; <c>null</c> when the run would have to queue.</summary>
    public IDisposable? TryEnterRun(string tenant)
    {
        if (config.QuotaFor(tenant).MaxLiveSandboxes is not { } live) return NoSlot.Instance;
        var gate = _gates.GetOrAdd(tenant, _ => new Gate(live));
        return gate.Slots.Wait(0, CancellationToken.None) ? new Slot(gate) : null;
    }

    /// <summary>The tenant's free run slots (<c>null</c>: it has no bound here) and queued runs.</summary>
    public (int? Free, int Queued) LoadOf(string tenant)
    {
        if (config.QuotaFor(tenant).MaxLiveSandboxes is not { } live) return (null, 0);
        var gate = _gates.GetOrAdd(tenant, _ => new Gate(live));
        return (gate.Slots.CurrentCount, Volatile.Read(ref gate.Queued));
    }

    private sealed class Gate(int live)
    {
        public readonly SemaphoreSlim Slots = new(live, live);
        public int Queued;
    }

    private sealed class Slot(Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Slots.Release();
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
