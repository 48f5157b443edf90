namespace Sandbox.Engines.DockerApi;

/// <summary>How the layer waits for a container to exit.</summary>
public enum WaitMode
{
    /// <summary>The Docker API's <c>POST /containers/{id}/wait</c>.</summary>
    EngineWait = 0,

    /// <summary>
    /// Podman's own <c>POST /libpod/containers/{id}/wait?interval=...</c>: its Docker-compatible wait is slow and erratic
    /// (0.5–2.6 s), the libpod one answers within its polling interval.
    /// </summary>
    LibpodWait = 1,
}

/// <summary>
/// What differs between engines that speak the Docker API. The run logic is written once against this object;
/// an engine is added by describing its quirks here, not by copying code.
/// </summary>
public sealed record EngineDialect
{
    /// <summary>Docker Engine (dockerd).</summary>
    public static EngineDialect Docker { get; } = new()
    {
        Name = "docker",
        DefaultEndpoint = "unix://" + BuildDefaults.DockerSocket,
        EndpointVariable = "DOCKER_HOST",
        StartRemedy = "start it with `bash build/setup.sh` (or `dockerd` as root), or point DOCKER_HOST at a running engine",
        // dockerd refuses archive writes into a read-only rootfs outside volumes, and skips the archive's root
        // entry, so the owner of a fresh volume cannot be set through the workload container itself.
        ArchiveRespectsReadOnlyRoot = true,
        EgressNetworks = EgressNetworkCreation.DockerBridgeOption,
    };

    /// <summary>Podman's Docker-compatible API service (<c>podman system service</c>).</summary>
    public static EngineDialect Podman { get; } = new()
    {
        Name = "podman",
        DefaultEndpoint = "unix://" + BuildDefaults.PodmanSocket,
        EndpointVariable = "PODMAN_HOST",
        StartRemedy = $"start its API service with `bash build/setup.sh` (or `podman system service --time=0 unix://{BuildDefaults.PodmanSocket}`), or point PODMAN_HOST at a running service",
        // The compatible API speaks 1.41; pinning it keeps the request shapes we tested.
        ApiVersion = new Version(1, 41),
        // Podman's default ulimits exceed this kind of machine's hard limits ("error setting rlimit type 7"):
        // every container gets explicit values, which the layer renders anyway.
        Wait = WaitMode.LibpodWait,
        ReportsOomKilled = false,
        VersionFromPing = true,
        LocalImagePrefix = "localhost/",
        // Podman 4.3 rejects tmpfs uid=/gid= ("unknown mount option") but has its own U (chown to the container user).
        TmpfsOwnerOption = "U",
        // Its compatible pull verifies TLS even for loopback registries (dockerd trusts 127.0.0.0/8) and reads
        // registries.conf only when the service starts; its own pull takes tlsVerify per call.
        PullThroughLibpod = true,
        // Where `podman login` writes, then Docker's file, as podman itself looks.
        AuthFiles = ["$REGISTRY_AUTH_FILE", "$XDG_RUNTIME_DIR/containers/auth.json", "/run/containers/0/auth.json", "~/.config/containers/auth.json", "$DOCKER_CONFIG/config.json", "~/.docker/config.json"],
        // Its compatible API opens the seccomp value as a file on the engine's host instead of taking inline JSON.
        SeccompProfileAsPath = true,
        // It reads a running container's files through its init's mount namespace, which is gone while it stops.
        ArchiveFailsWhileStopping = true,
        // Each container is held by its own conmon, not by the API service: a restarted service finds them as they were.
        ContainersOutliveEngine = true,
        EgressNetworks = EgressNetworkCreation.Libpod,
    };

    /// <summary>Engine name, used in messages and as the executor name.</summary>
    public required string Name { get; init; }

    /// <summary>Endpoint used when neither the settings nor <see cref="EndpointVariable"/> name one.</summary>
    public required string DefaultEndpoint { get; init; }

    /// <summary>Environment variable that overrides the endpoint, e.g. <c>DOCKER_HOST</c>.</summary>
    public required string EndpointVariable { get; init; }

    /// <summary>How to start the engine, for <c>EngineUnavailableException</c> and health checks.</summary>
    public required string StartRemedy { get; init; }

    /// <summary>API version to pin; <c>null</c> uses unversioned paths (the engine's own version).</summary>
    public Version? ApiVersion { get; init; }

    /// <summary>How to wait for a container to exit.</summary>
    public WaitMode Wait { get; init; } = WaitMode.EngineWait;

    /// <summary>Polling interval passed to Podman's libpod wait.</summary>
    public TimeSpan WaitInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Whether inspect reports <c>State.OOMKilled</c>. When not, an OOM kill is inferred from exit 137 under a
    /// memory limit that the layer did not cause itself, and OOM detection is not advertised as reliable.
    /// </summary>
    public bool ReportsOomKilled { get; init; } = true;

    /// <summary>Whether to read the version from the <c>_ping</c> headers, because the version call is slow (~1 s on Podman).</summary>
    public bool VersionFromPing { get; init; }

    /// <summary>Prefix the engine gives to images imported without a registry, e.g. <c>localhost/</c>.</summary>
    public string? LocalImagePrefix { get; init; }

    /// <summary>
    /// Whether the archive API refuses writes into a read-only root filesystem (outside volumes) and ignores the
    /// archive's root entry. Such an engine gets input files through a short-lived staging container instead.
    /// </summary>
    public bool ArchiveRespectsReadOnlyRoot { get; init; }

    /// <summary>
    /// Whether reading files out of a container fails while its last process has exited but the engine has not yet
    /// marked it stopped. Files are then collected from a single-use session only once it has stopped.
    /// </summary>
    public bool ArchiveFailsWhileStopping { get; init; }

    /// <summary>
    /// Tmpfs option that makes the workload's user own a tmpfs, or <c>null</c> to use <c>uid=</c>/<c>gid=</c> (numeric users only).
    /// </summary>
    public string? TmpfsOwnerOption { get; init; }

    /// <summary>
    /// Whether <c>seccomp=</c> takes the profile's path (read by the engine, so it must exist on the engine's host)
    /// rather than its JSON.
    /// </summary>
    public bool SeccompProfileAsPath { get; init; }

    /// <summary>
    /// Whether containers keep running while the engine's daemon is down and restarts (Podman: conmon holds them).
    /// When not, the engine's own report decides (Docker with <c>live-restore</c>); otherwise a restart stops them.
    /// </summary>
    public bool ContainersOutliveEngine { get; init; }

    /// <summary>
    /// Whether images are pulled through Podman's own <c>/libpod/images/pull</c> (fully qualified names, TLS skipped
    /// for loopback registries only, as dockerd does) instead of the Docker API's <c>/images/create</c>.
    /// </summary>
    public bool PullThroughLibpod { get; init; }

    /// <summary>
    /// Auth files the engine's own CLI writes on <c>login</c>, in the order it reads them (<c>$VAR/…</c> skipped when
    /// the variable is unset, <c>~/</c> is the home folder). The engine's daemon does not read them itself: the
    /// client sends credentials with each pull, so the layer does what the engine's CLI would.
    /// </summary>
    public IReadOnlyList<string> AuthFiles { get; init; } = ["$DOCKER_CONFIG/config.json", "~/.docker/config.json"];

    /// <summary>Open-files limit applied when the request leaves it to the executor.</summary>
    public int DefaultOpenFiles { get; init; } = 1024;

    /// <summary>How a run's egress network is given a bridge of known name, through which it is fenced (see <see cref="EgressNetwork"/>).</summary>
    public EgressNetworkCreation EgressNetworks { get; init; }

    /// <summary>
    /// RLIMIT_NPROC, always explicit. It counts every process of the user on the host, so it is only a backstop:
    /// the pids cgroup is the real limit; a request with a higher pids limit raises it.
    /// </summary>
    public int DefaultProcesses { get; init; } = 1024;
}
