namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Settings of a container executor, read from its section of <c>sandbox.json</c> (<c>executors.docker</c>,
/// <c>executors.podman</c>) through <c>PluginContext.GetSettings&lt;T&gt;()</c>.
/// </summary>
public sealed record ContainerEngineSettings
{
    /// <summary>
    /// Engine endpoint (<c>unix:///path</c>, <c>tcp://host:port</c>, <c>http://host:port</c>). When empty the
    /// dialect's variable (<c>DOCKER_HOST</c>, <c>PODMAN_HOST</c>) applies, then the dialect's default socket.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>Image used when a request names none. Defaults to the Python base image from images.env.</summary>
    public string? DefaultImage { get; init; }

    /// <summary>When to pull a run's image from its registry: <c>missing</c> (default), <c>never</c> or <c>always</c>.</summary>
    public ImagePullPolicy PullPolicy { get; init; } = ImagePullPolicy.Missing;

    /// <summary>
    /// Credentials per registry (<c>"localhost:5000"</c>, <c>"docker.io"</c>), used before the engine CLI's auth files.
    /// Write passwords as <c>${VARIABLE}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, RegistryLogin>? RegistryAuth { get; init; }

    /// <summary>
    /// An auth file (<c>docker login</c>'s <c>config.json</c> or <c>podman login</c>'s <c>auth.json</c> format) to read
    /// instead of the engine CLI's usual ones.
    /// </summary>
    public string? AuthFile { get; init; }

    /// <summary>Remove orphaned sandboxes (owner process gone) the first time the executor is used.</summary>
    public bool SweepOrphansOnStart { get; init; } = true;

    /// <summary>Report CPU time and peak memory, as the framework's gate reads them from the container's own cgroup when the command ends.</summary>
    public bool CollectStats { get; init; } = true;

    /// <summary>Seconds allowed for each engine call that has no run timeout of its own (create, remove, ...).</summary>
    public int ApiTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// Seconds a run (or session command) waits for an engine that stopped answering in its middle to come back (a
    /// restarted <c>dockerd</c> or Podman service), saying so in the log while it waits. Once it is back the run is
    /// finished if its sandbox survived the restart, and what it created is removed either way. <c>0</c> does not wait:
    /// the run ends at once, reporting that its sandbox may remain.
    /// </summary>
    public int EngineRestartWaitSeconds { get; init; } = 60;

    /// <summary><see cref="EngineRestartWaitSeconds"/> as a duration.</summary>
    internal TimeSpan EngineRestartWait => TimeSpan.FromSeconds(Math.Max(0, EngineRestartWaitSeconds));
}
