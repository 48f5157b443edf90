using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>Reads a session's resource usage with one <c>one-shot</c> stats call.</summary>
internal static class SessionStatsReader
{
    public static async Task<SessionStats> ReadAsync(SessionContext session, CancellationToken cancellationToken)
    {
        ContainerStatsResponse? sample = null;
        var client = session.Client;
        await client.CallAsync("read the session's statistics", ct => client.Api.Containers.GetContainerStatsAsync(
            session.ContainerId, new ContainerStatsParameters { Stream = false, OneShot = true }, new InlineProgress<ContainerStatsResponse>(s => sample = s), ct), cancellationToken).ConfigureAwait(false);
        return From(sample, session.Spec.Network);
    }

    /// <summary>The figures of one stats sample; what the engine left out is <c>null</c>.</summary>
    internal static SessionStats From(ContainerStatsResponse? sample, NetworkPolicy network)
    {
        if (sample is null) return new SessionStats(null, null, null, null, null, null);
        var cpu = sample.CPUStats?.CPUUsage?.TotalUsage is { } ns and > 0 ? TimeSpan.FromTicks((long)(ns / 100)) : (TimeSpan?)null;
        long? memory = null, peak = null;
        if (sample.MemoryStats is { Usage: > 0 } m)
        {
            // As `docker stats` shows it: the page cache (v1 "cache", v2 "inactive_file") is reclaimable, not used.
            ulong cache = 0;
            if (m.Stats is { } detail && !detail.TryGetValue("cache", out cache)) detail.TryGetValue("inactive_file", out cache);
            memory = (long)(m.Usage - Math.Min(cache, m.Usage));
            peak = m.MaxUsage > 0 ? (long)m.MaxUsage : null;
        }

        int? pids = sample.PidsStats is { Current: > 0 } p ? (int)p.Current : null;
        long? rx = null, tx = null;
        if (sample.Networks is { Count: > 0 } networks)
        {
            rx = networks.Values.Sum(n => (long)n.RxBytes);
            tx = networks.Values.Sum(n => (long)n.TxBytes);
        }
        else if (network == NetworkPolicy.None)
        {
            // No interface but loopback, which engines do not count: nothing can cross the sandbox's boundary.
            rx = 0;
            tx = 0;
        }

        return new SessionStats(cpu, memory, peak, pids, rx, tx);
    }
}
