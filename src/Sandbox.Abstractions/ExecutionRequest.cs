using System.Text.Json.Serialization;

namespace Sandbox.Abstractions;

/// <summary>
/// An immutable description of one run. Every default is the secure default: no network, read-only root,
/// all capabilities dropped, no-new-privileges, non-root user, and the limits in <see cref="ResourceLimits.Default"/>.
/// Change settings with object initializers or <c>with</c> expressions.
/// </summary>
public sealed record ExecutionRequest
{
    /// <summary>The working directory used when none is given.</summary>
    public const string DefaultWorkingDirectory = "/workspace";

    /// <summary>Creates a request for <paramref name="command"/> with every secure default.</summary>
    public static ExecutionRequest For(params string[] command) => new() { Command = command };

    /// <summary>Correlation id for logs and labels; the runtime assigns one when empty.</summary>
    public string? Id { get; init; }

    /// <summary>Container image for image-based executors (Docker, Podman). Ignored by the host executor.</summary>
    public string? Image { get; init; }

    /// <summary>The argv to run: program first, then its arguments. No shell is involved.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Bytes written to the command's standard input, which is then closed. <c>null</c> = empty stdin.</summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>Environment variables. Nothing from the caller's environment is passed through implicitly.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Directory the command starts in; writable, created fresh for each run.</summary>
    public string WorkingDirectory { get; init; } = DefaultWorkingDirectory;

    /// <summary>Files placed in the sandbox before the command starts.</summary>
    [JsonIgnore]
    public IReadOnlyList<SandboxFile> Files { get; init; } = [];

    /// <summary>Sandbox paths (files or directories; relative to the working directory or absolute) collected after the run.</summary>
    public IReadOnlyList<string> OutputPaths { get; init; } = [];

    /// <summary>Resource ceilings.</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>
    /// Credentials for pulling <see cref="Image"/> when it is missing, used before the executor's configured ones and the
    /// engine's login file. Not serialized (a session's recorded spec, a server's logs never hold it).
    /// </summary>
    [JsonIgnore]
    public RegistryCredential? RegistryAuth { get; init; }

    /// <summary>Network access. Defaults to none.</summary>
    public NetworkPolicy Network { get; init; } = NetworkPolicy.None;

    /// <summary>
    /// Hosts reachable through the framework's filtering proxy (and headers it adds). Non-empty allow entries need
    /// <see cref="Network"/> <see cref="NetworkPolicy.None"/>: the sandbox gets no direct route out, only the proxy.
    /// </summary>
    public EgressPolicy Egress { get; init; } = EgressPolicy.None;

    /// <summary>Privilege settings.</summary>
    public SecurityProfile Security { get; init; } = SecurityProfile.Default;

    /// <summary>Host paths mounted into the sandbox. Empty by default.</summary>
    public IReadOnlyList<HostMount> Mounts { get; init; } = [];

    /// <summary>Extra labels attached to the sandbox (in addition to the framework's own ownership labels).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Accept an executor that cannot enforce everything this request demands. The run proceeds and the result's
    /// <see cref="ExecutionResult.WeakenedFeatures"/> and the logs say what was not enforced.
    /// </summary>
    public bool AllowWeakerIsolation { get; init; }

    /// <summary>Receives output lines while the command runs (e.g. to stream into a build log). Not serialized.</summary>
    [JsonIgnore]
    public Action<OutputLine>? OnOutput { get; init; }

    /// <summary>The features an executor must enforce to honour this request as written.</summary>
    public SandboxFeatures RequiredFeatures()
    {
        var features = SandboxFeatures.None;
        if (Limits.MemoryBytes is not null) features |= SandboxFeatures.MemoryLimit;
        if (Limits.Cpus is not null) features |= SandboxFeatures.CpuLimit;
        if (Limits.Pids is not null) features |= SandboxFeatures.PidsLimit;
        if (Limits.OpenFiles is not null) features |= SandboxFeatures.OpenFilesLimit;
        if (Limits.FileSizeBytes is not null) features |= SandboxFeatures.FileSizeLimit;
        features |= Network == NetworkPolicy.None ? SandboxFeatures.NetworkIsolation : SandboxFeatures.NetworkAccess;
        if (Egress.IsActive) features |= SandboxFeatures.EgressAllowList;
        if (Egress.Secrets.Count > 0) features |= SandboxFeatures.EgressSecrets;
        if (Security.ReadOnlyRootFilesystem) features |= SandboxFeatures.ReadOnlyRoot | SandboxFeatures.Tmpfs;
        if (Security.DropAllCapabilities) features |= SandboxFeatures.DropCapabilities;
        if (Security.AddCapabilities.Count > 0) features |= SandboxFeatures.AddCapabilities;
        if (Security.NoNewPrivileges) features |= SandboxFeatures.NoNewPrivileges;
        if (!Security.RunsAsRoot) features |= SandboxFeatures.NonRootUser;
        if (Security.Privileged) features |= SandboxFeatures.Privileged;
        if (Security.Seccomp == SeccompMode.Default) features |= SandboxFeatures.Seccomp;
        if (Security.Seccomp == SeccompMode.Custom) features |= SandboxFeatures.CustomSeccompProfile;
        if (Security.Runtime is not null) features |= SandboxFeatures.CustomRuntime;
        if (Files.Count > 0) features |= SandboxFeatures.FilesIn;
        if (OutputPaths.Count > 0) features |= SandboxFeatures.FilesOut;
        if (Mounts.Count > 0) features |= SandboxFeatures.HostMounts;
        return features;
    }
}
