using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Puts the input archive (scratch-volume roots owned by the workload's user, and the input files) into a created,
/// not yet started container.
/// </summary>
/// <remarks>
/// Podman extracts at <c>/</c> of any created container. Docker refuses to extract into a read-only rootfs outside
/// volumes and ignores an archive's root entry, so a fresh volume's root would stay root-owned and unwritable for
/// the workload. For Docker the archive goes through a staging container instead: same image, writable rootfs,
/// <c>VolumesFrom</c> the workload container, never started, removed right after (its labels let the orphan sweep
/// find it should this process die in between). Writing at <c>/</c> lets the volume roots' own entries set their
/// owner and mode.
/// </remarks>
internal sealed class InputStager(EngineClient client)
{
    /// <returns><c>null</c>, or why the staging container could not be removed.</returns>
    public async Task<string?> CopyInAsync(string containerId, CreateContainerParameters workload, ScratchLayout layout, WorkloadUser user, CancellationToken cancellationToken)
    {
        using var archive = InputArchive.Create(layout, user, DateTimeOffset.UtcNow);
        if (!client.Dialect.ArchiveRespectsReadOnlyRoot || !workload.HostConfig.ReadonlyRootfs)
        {
            await ExtractAsync(containerId, archive, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // Unique: a session may copy files in several times, concurrently.
        var stagingName = $"{workload.Name}-stage-{Guid.NewGuid().ToString("N")[..8]}";
        var staging = new CreateContainerParameters
        {
            Name = stagingName,
            Image = workload.Image,
            Entrypoint = workload.Entrypoint,
            Labels = workload.Labels,
            NetworkDisabled = true,
            HostConfig = new HostConfig
            {
                VolumesFrom = [containerId],
                NetworkMode = "none",
                LogConfig = new LogConfig { Type = "none", Config = new Dictionary<string, string>() },
            },
        };
        string? removalFailure = null;
        try
        {
            var created = await client.CreateContainerAsync("create the staging container", staging, cancellationToken).ConfigureAwait(false);
            await ExtractAsync(created, archive, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // By name: a cancelled create gives no id, but returns only once the engine has made the container. Its
            // volumes belong to the workload container and stay.
            removalFailure = await new ContainerRemover(client).RemoveAsync(stagingName, CancellationToken.None, removeVolumes: false).ConfigureAwait(false);
        }

        return removalFailure;
    }

    private Task ExtractAsync(string containerId, Stream archive, CancellationToken cancellationToken) =>
        client.CallAsync("copy files into the container", ct => client.Api.Containers.ExtractArchiveToContainerAsync(
            containerId, new ContainerPathStatParameters { Path = "/", AllowOverwriteDirWithFile = false }, archive, ct), cancellationToken);
}
