namespace Sandbox.Abstractions;

/// <summary>
/// Things an executor can enforce or provide. A request demands some of them (see
/// <see cref="ExecutionRequest.RequiredFeatures"/>); an executor advertises the ones it honours in
/// <see cref="ExecutorCapabilities.Features"/>. A demanded feature that is not advertised is refused,
/// never silently ignored.
/// </summary>
[Flags]
public enum SandboxFeatures : long
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>A memory ceiling that kills the workload when exceeded.</summary>
    MemoryLimit = 1L << 0,

    /// <summary>A CPU quota.</summary>
    CpuLimit = 1L << 1,

    /// <summary>A ceiling on the number of processes and threads.</summary>
    PidsLimit = 1L << 2,

    /// <summary>Cutting off all network access (the default).</summary>
    NetworkIsolation = 1L << 3,

    /// <summary>Giving the workload outbound network access when the request asks for it.</summary>
    NetworkAccess = 1L << 4,

    /// <summary>A read-only root filesystem.</summary>
    ReadOnlyRoot = 1L << 5,

    /// <summary>A private writable /tmp with a size cap, mounted noexec and nosuid.</summary>
    Tmpfs = 1L << 6,

    /// <summary>Dropping every Linux capability.</summary>
    DropCapabilities = 1L << 7,

    /// <summary>The no_new_privs bit, so setuid binaries cannot raise privileges.</summary>
    NoNewPrivileges = 1L << 8,

    /// <summary>Running as the requested non-root user.</summary>
    NonRootUser = 1L << 9,

    /// <summary>A seccomp filter (the engine's default profile).</summary>
    Seccomp = 1L << 10,

    /// <summary>A caller-supplied seccomp profile file.</summary>
    CustomSeccompProfile = 1L << 11,

    /// <summary>Selecting an OCI runtime such as runsc.</summary>
    CustomRuntime = 1L << 12,

    /// <summary>Copying files into the sandbox before the command starts.</summary>
    FilesIn = 1L << 13,

    /// <summary>Collecting files out of the sandbox after the command ends.</summary>
    FilesOut = 1L << 14,

    /// <summary>Mounting host paths into the sandbox.</summary>
    HostMounts = 1L << 15,

    /// <summary>Reporting <see cref="ExecutionResult.OomKilled"/> reliably.</summary>
    OomDetection = 1L << 16,

    /// <summary>Reporting CPU time and peak memory in <see cref="ExecutionResult.Stats"/>.</summary>
    Stats = 1L << 17,

    /// <summary>Running the command from a container image.</summary>
    Images = 1L << 18,

    /// <summary>Adding Linux capabilities on request (never a default).</summary>
    AddCapabilities = 1L << 19,

    /// <summary>Running the workload in privileged mode (never a default).</summary>
    Privileged = 1L << 20,

    /// <summary>A cap on the size of any single file the workload writes.</summary>
    FileSizeLimit = 1L << 21,

    /// <summary>A cap on open file descriptors.</summary>
    OpenFilesLimit = 1L << 22,

    /// <summary>Long-lived sandboxes that accept several commands (sessions).</summary>
    Sessions = 1L << 23,

    /// <summary>Egress only to allow-listed hosts, through the framework's filtering proxy (<see cref="ExecutionRequest.Egress"/>).</summary>
    EgressAllowList = 1L << 24,

    /// <summary>Headers added by the proxy to requests to a host (<see cref="EgressPolicy.Secrets"/>), with TLS terminated for that host.</summary>
    EgressSecrets = 1L << 25,
}
