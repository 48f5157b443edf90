using Docker.DotNet.Models;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Removes a container and its anonymous volumes, escalating: normal remove, then force remove, then kill and
/// remove. A container that is already gone counts as removed. Never throws for engine failures: the outcome is
/// reported, because removal runs on every path, including after a failure that must not be masked.
/// </summary>
internal sealed class ContainerRemover(EngineClient client)
{
    /// <summary>Removes <paramref name="idOrName"/>; returns <c>null</c> on success or the last failure's message.</summary>
    /// <param name="idOrName">Container id or name.</param>
    /// <param name="cancellationToken">Cancels removal itself; runs are cancelled with <see cref="CancellationToken.None"/> here so that cleanup happens.</param>
    /// <param name="removeVolumes">Also remove its anonymous volumes (not for a staging container that borrows them).</param>
    public async Task<string?> RemoveAsync(string idOrName, CancellationToken cancellationToken = default, bool removeVolumes = true)
    {
        string? failure = null;
        foreach (var step in Steps)
        {
            try
            {
                await step(client, idOrName, removeVolumes, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (EngineErrors.IsNotFound(ex))
            {
                return null;
            }
            catch (Exception ex) when (EngineErrors.IsRemovalInProgress(ex))
            {
                // Someone else is removing it: done once it is gone, not a failure of ours.
                return await WaitUntilGoneAsync(idOrName, cancellationToken).ConfigureAwait(false) ? null : ex.Message;
            }
            catch (Sandbox.Abstractions.SandboxException ex)
            {
                failure = ex.Message;
            }
        }

        client.Logger.RemovalFailed(idOrName, failure ?? "unknown");
        return failure;
    }

    private async Task<bool> WaitUntilGoneAsync(string idOrName, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                await client.CallAsync("inspect the container", ct => client.Api.Containers.InspectContainerAsync(idOrName, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (EngineErrors.IsNotFound(ex))
            {
                return true;
            }
            catch (Sandbox.Abstractions.SandboxException)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private static readonly Func<EngineClient, string, bool, CancellationToken, Task>[] Steps =
    [
        (c, id, volumes, ct) => RemoveAsync(c, id, force: false, volumes, ct),
        (c, id, volumes, ct) => RemoveAsync(c, id, force: true, volumes, ct),
        async (c, id, volumes, ct) =>
        {
            try
            {
                await c.KillAsync(id, ct).ConfigureAwait(false);
            }
            catch (Sandbox.Abstractions.EngineApiException)
            {
                // Typically "not running" (409): the removal below is what matters, and reports what is wrong.
            }

            await RemoveAsync(c, id, force: true, volumes, ct).ConfigureAwait(false);
        },
    ];

    private static Task RemoveAsync(EngineClient client, string id, bool force, bool volumes, CancellationToken cancellationToken) =>
        client.CallAsync(force ? "force-remove the container" : "remove the container",
            ct => client.Api.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = force, RemoveVolumes = volumes }, ct),
            cancellationToken);
}
