using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Sessions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// A Docker-API engine (Docker, or Podman's compatible service) as the executors use it: runs requests, reports
/// health, warms up images and sweeps orphans. Thread-safe; one instance serves concurrent runs.
/// </summary>
public sealed class ContainerEngine : IDisposable
{
    private readonly EngineClient _client;
    private readonly ContainerEngineSettings _settings;
    private readonly SessionEgress _sessionEgress = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private bool _started;

    /// <summary>Creates the engine connection; nothing is contacted until the first call.</summary>
    /// <param name="dialect">The engine's quirks.</param>
    /// <param name="settings">Endpoint, default image, ...</param>
    /// <param name="loggerFactory">Logging; none when <c>null</c>.</param>
    public ContainerEngine(EngineDialect dialect, ContainerEngineSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ApiTimeoutSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(settings), "apiTimeoutSeconds must be positive.");
        _settings = settings;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Sandbox.Engines." + dialect.Name);
        _client = new EngineClient(dialect, EngineEndpoint.Resolve(dialect, settings.Endpoint), TimeSpan.FromSeconds(settings.ApiTimeoutSeconds), logger,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Sandbox.Abstractions.Diagnostics.SandboxTelemetry.ImagePullLog));
        Capabilities = EngineCapabilities.Initial(dialect);
    }

    /// <summary>The engine's quirks.</summary>
    public EngineDialect Dialect => _client.Dialect;

    /// <summary>The endpoint in use.</summary>
    public EngineEndpoint Endpoint => _client.Endpoint;

    /// <summary>What is enforced: the layer's full set at first, narrowed by the engine's own report once contacted.</summary>
    public ExecutorCapabilities Capabilities { get; private set; }

    /// <summary>Runs <paramref name="request"/> in a fresh container, removed before this returns.</summary>
    /// <param name="request">The request.</param>
    /// <param name="executor">Executor name for the result and the labels.</param>
    /// <param name="cancellationToken">Cancels the run; the container is removed, then <see cref="OperationCanceledException"/> is thrown.</param>
    public async Task<ExecutionResult> RunAsync(ExecutionRequest request, string executor, CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var weakened = RequestGuard.Check(request, executor, Capabilities);
        if (weakened != SandboxFeatures.None) _client.Logger.WeakerIsolation(Dialect.Name, SandboxFeatureNames.Describe(weakened));
        return await new ContainerRun(_client, _settings, request, executor, weakened).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a session from <paramref name="spec"/>: a container that idles until commands are run in it. Its limits and
    /// security apply to the whole session; <paramref name="spec"/>'s command is not used.
    /// </summary>
    /// <param name="spec">Image, limits, security, environment, working directory and initial files.</param>
    /// <param name="executor">Executor name for results and labels.</param>
    /// <param name="timeToLive">
    /// For a detached session (no owner process): when the orphan sweep may remove it, and when it stops by itself.
    /// <c>null</c>: owned by this process, removed when disposed or by the sweep once this process is gone.
    /// </param>
    /// <param name="cancellationToken">Cancels the start; whatever was created is removed.</param>
    public async Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, string executor, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        if (timeToLive is { } ttl && ttl <= TimeSpan.Zero) throw new InvalidRequestException("timeToLive", "must be positive");
        var weakened = await CheckSessionAsync(spec, executor, SessionScripts.InitCommand(timeToLive), cancellationToken).ConfigureAwait(false);
        return await new SessionLauncher(_client, _settings, executor, _sessionEgress).CreateAsync(spec, weakened, timeToLive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a session for exactly one command, like <see cref="CreateSessionAsync"/> but with the command's start
    /// prepared: its container waits for the command on stdin instead of idling, so the command needs no engine exec.
    /// Its allow-list may be pending (a warm pool's sandbox): the command then brings the run's.
    /// </summary>
    public async Task<ISandboxSession> CreateSingleUseSessionAsync(ExecutionRequest spec, string executor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var weakened = await CheckSessionAsync(spec, executor, SessionScripts.GateCommand(), cancellationToken).ConfigureAwait(false);
        return await new SessionLauncher(_client, _settings, executor, _sessionEgress).CreateSingleUseAsync(spec, weakened, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SandboxFeatures> CheckSessionAsync(ExecutionRequest spec, string executor, IReadOnlyList<string> init, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var weakened = RequestGuard.Check(spec with { Command = init }, executor, Capabilities);
        if (weakened != SandboxFeatures.None) _client.Logger.WeakerIsolation(Dialect.Name, SandboxFeatureNames.Describe(weakened));
        return weakened;
    }

    /// <summary>The sessions of <paramref name="executor"/> on this engine, oldest first.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(string executor, CancellationToken cancellationToken = default)
    {
        var containers = await new SessionDirectory(_client, executor).FindAsync(null, cancellationToken).ConfigureAwait(false);
        return [.. containers.Select(c => SessionDirectory.Describe(c, executor))];
    }

    /// <summary>A handle on the existing session <paramref name="id"/> of <paramref name="executor"/>, or <c>null</c>.</summary>
    public async Task<ISandboxSession?> OpenSessionAsync(string id, string executor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var found = await new SessionDirectory(_client, executor).FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0) return null;
        return await new SessionLauncher(_client, _settings, executor, _sessionEgress).OpenAsync(found[0], Capabilities, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the engine, the default image and the security features it reports.</summary>
    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var (report, info) = await new EngineHealthProbe(_client, _settings).CheckAsync(cancellationToken).ConfigureAwait(false);
        if (info is not null) Capabilities = EngineCapabilities.FromInfo(Dialect, info);
        return report;
    }

    /// <summary>Makes sure <paramref name="image"/> (default: the settings' image) is present: pulls it, or says how to build it.</summary>
    /// <exception cref="ImageNotFoundException">It is missing and may not be pulled, or the registry has no such image.</exception>
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => WarmupAsync(image, null, cancellationToken);

    /// <summary>
    /// Makes sure <paramref name="image"/> (default: the settings' image) is present as the pull policy says: pulls it
    /// (reporting each step to <paramref name="progress"/>), or says how to build it.
    /// </summary>
    /// <exception cref="ImageNotFoundException">It is missing and may not be pulled, or the registry has no such image.</exception>
    /// <exception cref="RegistryUnauthorizedException">The registry refused the credentials.</exception>
    /// <exception cref="RegistryUnavailableException">The registry could not be reached.</exception>
    public async Task WarmupAsync(string? image, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        await new ImageProvider(_client, _settings).EnsureAsync(image ?? _settings.DefaultImage ?? BuildDefaults.PythonImage, null, null, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the framework's sandboxes whose owner process is gone.</summary>
    public Task<CleanupReport> SweepOrphansAsync(CancellationToken cancellationToken = default) =>
        new OrphanSweeper(_client, _sessionEgress).SweepAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _startGate.Dispose();
    }

    // Nobody asked for this sweep: its failure (an engine refusing a list or a removal) is logged, never the user's
    // work's failure; `sandbox cleanup` reports it to whoever asks. An engine that cannot be reached is the caller's
    // failure, reported by its own info call.
    private async Task SweepAtStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await SweepOrphansAsync(cancellationToken).ConfigureAwait(false);
            if (report.Found > 0) _client.Logger.SweepDone(Dialect.Name, report.Found, report.Removed, report.Failed);
        }
        catch (EngineApiException ex)
        {
            _client.Logger.SweepFailed(Dialect.Name, ex.Message);
        }
        catch (EngineUnavailableException)
        {
            // Reported by the info call this sweep runs beside.
        }
    }

    // Once per instance, on first use: learn what the engine supports and sweep what dead owners left behind, both at
    // once (a first run's critical path). The sweep is over before any work starts: listing containers while one of
    // ours starts would wait for its start (the engine locks a starting container).
    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started)) return;
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started) return;
            var sweep = _settings.SweepOrphansOnStart ? SweepAtStartAsync(cancellationToken) : Task.CompletedTask;
            // The create body's serializer contract, needed next, is built on the other core while the engine answers.
            var contract = Task.Run(ContainerSpecJson.Prepare, CancellationToken.None);
            EngineInfo info;
            try
            {
                info = await _client.InfoAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await sweep.ConfigureAwait(false);
                await contract.ConfigureAwait(false);
            }

            Capabilities = EngineCapabilities.FromInfo(Dialect, info);
            Volatile.Write(ref _started, true);
        }
        finally
        {
            _startGate.Release();
        }
    }
}
