using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>Finds an executor's sessions on the engine by their labels, so any process can list and open them.</summary>
internal sealed class SessionDirectory(EngineClient client, string executor)
{
    public async Task<IReadOnlyList<ContainerListResponse>> FindAsync(string? sessionId, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool> { [SandboxLabels.ManagedFilter] = true, [$"{SandboxLabels.Executor}={executor}"] = true };
        if (sessionId is not null) labels[$"{SandboxLabels.Session}={sessionId}"] = true;
        var containers = await client.CallAsync("list the sessions", ct => client.Api.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels },
        }, ct), cancellationToken).ConfigureAwait(false);
        // One-shot runs carry an empty session label; staging containers carry their session's labels but no spec.
        return [.. containers
            .Where(c => c.Labels is not null && c.Labels.TryGetValue(SandboxLabels.Session, out var id) && id.Length > 0 && c.Labels.ContainsKey(SandboxLabels.SessionSpec)
                        && !(c.Names?.Any(n => n.Contains("-stage-", StringComparison.Ordinal)) ?? false))
            .OrderBy(c => c.Created)];
    }

    public static SessionInfo Describe(ContainerListResponse container, string executor) => new(
        container.Labels[SandboxLabels.Session],
        executor,
        container.Image,
        SandboxLabels.TimeOf(container.Labels, SandboxLabels.CreatedAt) ?? new DateTimeOffset(container.Created, TimeSpan.Zero),
        SandboxLabels.TimeOf(container.Labels, SandboxLabels.ExpiresAt),
        container.State == "running");
}
