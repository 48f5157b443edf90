using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Sessions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Removes the framework's containers (and dangling volumes) whose owner process is gone: its pid is not alive, or
/// is alive with a different start time (a recycled pid). Runs with the caller's own rights; nothing privileged is
/// started to do it. Sandboxes created on another host (a shared remote engine) are left alone. A detached session
/// belongs to no process: it is removed once its expiry has passed.
/// </summary>
internal sealed class OrphanSweeper(EngineClient client, SessionEgress? sessionEgress = null)
{
    public async Task<CleanupReport> SweepAsync(CancellationToken cancellationToken)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [SandboxLabels.ManagedFilter] = true } };
        var containers = await client.CallAsync("list the framework's containers", ct => client.Api.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = filter }, ct), cancellationToken).ConfigureAwait(false);

        var report = CleanupReport.Empty;
        var remover = new ContainerRemover(client);
        foreach (var container in containers.Where(c => IsOrphan(c.Labels)))
        {
            var failure = await remover.RemoveAsync(container.ID, cancellationToken).ConfigureAwait(false);
            report += failure is null ? new CleanupReport(1, 1, 0) : new CleanupReport(1, 0, 1) { Errors = [$"container {Short(container.ID)}: {failure}"] };
        }

        // Anonymous volumes go with their container; these are only left when a removal skipped them.
        var volumeFilter = new Dictionary<string, IDictionary<string, bool>>(filter) { ["dangling"] = new Dictionary<string, bool> { ["true"] = true } };
        var volumes = await client.CallAsync("list the framework's volumes", ct => client.Api.Volumes.ListAsync(new VolumesListParameters { Filters = volumeFilter }, ct), cancellationToken).ConfigureAwait(false);
        foreach (var volume in (volumes.Volumes ?? []).Where(v => IsOrphan(v.Labels)))
        {
            try
            {
                await client.CallAsync("remove a volume", ct => client.Api.Volumes.RemoveAsync(volume.Name, force: true, ct), cancellationToken).ConfigureAwait(false);
                report += new CleanupReport(1, 1, 0);
            }
            catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
            {
                // Removed meanwhile (e.g. with its container).
            }
            catch (EngineApiException ex)
            {
                report += new CleanupReport(1, 0, 1) { Errors = [$"volume {Short(volume.Name)}: {ex.EngineMessage}"] };
            }
        }

        report += await SweepEgressNetworksAsync(filter, cancellationToken).ConfigureAwait(false);
        return report;
    }

    // An egress run whose process died leaves its network and its host fence (the proxy died with the process).
    private async Task<CleanupReport> SweepEgressNetworksAsync(Dictionary<string, IDictionary<string, bool>> filter, CancellationToken cancellationToken)
    {
        var report = CleanupReport.Empty;
        var networks = await client.CallAsync("list the framework's networks", ct => client.Api.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct), cancellationToken).ConfigureAwait(false);
        foreach (var network in networks.Where(n => IsOrphan(n.Labels) && EgressNetwork.BridgeOf(n.Name) is not null))
        {
            // An expired session this process created: its proxy is here too, and goes with the rest.
            var failure = network.Labels.TryGetValue(SandboxLabels.Session, out var session) && sessionEgress?.Take(session) is { } own
                ? await own.RemoveAsync().ConfigureAwait(false)
                : await EgressNetwork.RemoveOrphanAsync(client, network.ID, network.Name, cancellationToken).ConfigureAwait(false);
            report += failure is null ? new CleanupReport(1, 1, 0) : new CleanupReport(1, 0, 1) { Errors = [$"egress network {network.Name}: {failure}"] };
        }

        return report;
    }

    /// <summary>Whether a sandbox with these labels belongs to a process of this host that is gone, or has expired.</summary>
    public static bool IsOrphan(IDictionary<string, string>? labels) => IsOrphan(labels, DateTimeOffset.UtcNow);

    /// <summary>Whether a sandbox with these labels is an orphan at <paramref name="now"/>.</summary>
    public static bool IsOrphan(IDictionary<string, string>? labels, DateTimeOffset now)
    {
        if (!SandboxLabels.CreatedOnThisHost(labels)) return false;
        if (labels is not null && labels.ContainsKey(SandboxLabels.ExpiresAt))
        {
            // A malformed expiry cannot be honoured: treated as expired rather than kept forever.
            return SandboxLabels.TimeOf(labels, SandboxLabels.ExpiresAt) is not { } expiry || expiry <= now;
        }

        // No owner recorded at all: nothing can vouch for it, so it is treated as abandoned.
        return SandboxLabels.OwnerOf(labels) is not { } owner || !owner.IsAlive();
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
