using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>Everything a live session's operations need: which container, how it was set up, who owns its files.</summary>
internal sealed record SessionContext
{
    public required EngineClient Client { get; init; }

    public required ContainerEngineSettings Settings { get; init; }

    public required string Executor { get; init; }

    public required string SessionId { get; init; }

    public required string ContainerId { get; init; }

    public required string ContainerName { get; init; }

    public required string Image { get; init; }

    /// <summary>The spec the session was created from (its command is not used).</summary>
    public required ExecutionRequest Spec { get; init; }

    /// <summary>Where the session can be written: the working directory and the spec's file directories are volumes.</summary>
    public required ScratchLayout Layout { get; init; }

    /// <summary>The numeric owner for files copied in; unknown for a named user whose ids could not be read.</summary>
    public required WorkloadUser Owner { get; init; }

    public required IDictionary<string, string> Labels { get; init; }

    public required SandboxFeatures Weakened { get; init; }

    /// <summary>
    /// Why the session's container does not run under the framework's gate (<see cref="Gate.SandboxGate"/>); <c>null</c>
    /// when it does: its commands then run under the gate too, which reports their end, status and figures.
    /// </summary>
    public string? GateMissing { get; init; }

    /// <summary>Started by this handle's launcher (not reopened by id): before its first command it has run nothing else.</summary>
    public bool Fresh { get; init; }

    /// <summary>The egress networks of the sessions this process created (shared by every handle it opens).</summary>
    public SessionEgress? Egresses { get; init; }

    /// <summary>
    /// The session's egress network and proxy when this process created the session; <c>null</c> otherwise (another
    /// process's session: its commands go through its creator's proxy, or nowhere once that process is gone).
    /// </summary>
    public EgressNetwork? Egress => Egresses?.Find(SessionId);

    /// <summary>The container as the input stager needs it (name, image, labels, whether the root is read-only).</summary>
    public CreateContainerParameters StagingTemplate => new()
    {
        Name = ContainerName,
        Image = Image,
        // Never started: any valid entrypoint does.
        Entrypoint = [.. SessionScripts.InitCommand(null)],
        Labels = Labels,
        HostConfig = new HostConfig { ReadonlyRootfs = Spec.Security.ReadOnlyRootFilesystem },
    };
}
