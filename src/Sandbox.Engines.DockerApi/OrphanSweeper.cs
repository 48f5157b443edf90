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
        // Listed as plain JSON and all at once: usually nothing is found, and this is on a CLI run's critical path.
        // Removal still goes containers first: a network is only free once its containers are gone, and a container's
        // anonymous volumes go with it.
        var containersListed = ListAsync("list the framework's containers", $"/containers/json?all=true&{SweptObject.ManagedFilter()}", null, cancellationToken);
        var volumesListed = ListAsync("list the framework's volumes", $"/volumes?{SweptObject.ManagedFilter(""","dangling":["true"]""")}", "Volumes", cancellationToken);
        var networksListed = ListAsync("list the framework's networks", $"/networks?{SweptObject.ManagedFilter()}", null, cancellationToken);
        await Task.WhenAll(containersListed, volumesListed, networksListed).ConfigureAwait(false);
        var containers = await containersListed.ConfigureAwait(false);

        var report = CleanupReport.Empty;
        var remover = new ContainerRemover(client);
        foreach (var container in containers.Where(c => IsOrphan(c.Labels)))
        {
            var failure = await remover.RemoveAsync(container.Id, cancellationToken).ConfigureAwait(false);
            report += failure is null ? new CleanupReport(1, 1, 0) : new CleanupReport(1, 0, 1) { Errors = [$"container {Short(container.Id)}: {failure}"] };
        }

        // Anonymous volumes go with their container; these are only left when a removal skipped them.
        var volumes = await volumesListed.ConfigureAwait(false);
        foreach (var volume in volumes.Where(v => IsOrphan(v.Labels)))
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

        report += await SweepEgressNetworksAsync(await networksListed.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return report;
    }

    // An egress run whose process died leaves its network and its host fence (the proxy died with the process).
    private async Task<CleanupReport> SweepEgressNetworksAsync(IReadOnlyList<SweptObject> networks, CancellationToken cancellationToken)
    {
        var report = CleanupReport.Empty;
        foreach (var network in networks.Where(n => IsOrphan(n.Labels) && EgressNetwork.BridgeOf(n.Name) is not null))
        {
            // An expired session this process created: its proxy is here too, and goes with the rest.
            var failure = network.Labels.TryGetValue(SandboxLabels.Session, out var session) && sessionEgress?.Take(session) is { } own
                ? await own.RemoveAsync().ConfigureAwait(false)
                : await EgressNetwork.RemoveOrphanAsync(client, network.Id, network.Name, cancellationToken).ConfigureAwait(false);
            report += failure is null ? new CleanupReport(1, 1, 0) : new CleanupReport(1, 0, 1) { Errors = [$"egress network {network.Name}: {failure}"] };
        }

        return report;
    }

    private Task<IReadOnlyList<SweptObject>> ListAsync(string operation, string pathAndQuery, string? listProperty, CancellationToken cancellationToken) =>
        client.CallAsync(operation, ct => client.Http.GetJsonAsync(pathAndQuery, answer => SweptObject.ReadList(answer, listProperty), ct), cancellationToken);

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
