using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// An <see cref="IExecutor"/> over a Docker-API engine. The Docker and Podman plugins are this class with a dialect.
/// It runs sessions too: owned by this process, or detached (found again by id from any process, removed on expiry).
/// </summary>
public abstract class ContainerExecutor : IDetachedSessionExecutor, ISingleUseSessionExecutor, IDisposable
{
    private readonly ContainerEngine _engine;

    /// <summary>Creates the executor for <paramref name="dialect"/> with <paramref name="settings"/>.</summary>
    protected ContainerExecutor(EngineDialect dialect, ContainerEngineSettings settings, ILoggerFactory? loggerFactory = null)
    {
        _engine = new ContainerEngine(dialect, settings, loggerFactory);
    }

    /// <summary>Creates the executor from a plugin context: settings from its <c>executors.&lt;name&gt;</c> section.</summary>
    protected ContainerExecutor(EngineDialect dialect, PluginContext context)
        : this(dialect, (context ?? throw new ArgumentNullException(nameof(context))).GetSettings<ContainerEngineSettings>(), context.LoggerFactory)
    {
    }

    /// <inheritdoc />
    public string Name => _engine.Dialect.Name;

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => IsolationLevel.Container;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities => _engine.Capabilities;

    /// <summary>The engine this executor drives.</summary>
    public ContainerEngine Engine => _engine;

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) =>
        _engine.RunAsync(request, Name, cancellationToken);

    /// <inheritdoc />
    public Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default) =>
        _engine.CreateSessionAsync(spec, Name, timeToLive: null, cancellationToken);

    /// <inheritdoc />
    public Task<ISandboxSession> CreateSingleUseSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default) =>
        _engine.CreateSingleUseSessionAsync(spec, Name, cancellationToken);

    /// <inheritdoc />
    public bool DefersEgressPolicy => true;

    /// <inheritdoc />
    public Task<ISandboxSession> CreateDetachedSessionAsync(ExecutionRequest spec, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        _engine.CreateSessionAsync(spec, Name, timeToLive, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken = default) => _engine.ListSessionsAsync(Name, cancellationToken);

    /// <inheritdoc />
    public Task<ISandboxSession?> OpenSessionAsync(string id, CancellationToken cancellationToken = default) => _engine.OpenSessionAsync(id, Name, cancellationToken);

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => _engine.CheckHealthAsync(cancellationToken);

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => _engine.WarmupAsync(image, cancellationToken);

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => _engine.SweepOrphansAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _engine.Dispose();
        GC.SuppressFinalize(this);
    }
}
