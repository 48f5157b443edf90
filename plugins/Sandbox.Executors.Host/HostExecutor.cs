using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cleanup;
using Sandbox.Executors.Host.Files;
using Sandbox.Executors.Host.Probing;
using Sandbox.Executors.Host.Running;

namespace Sandbox.Executors.Host;

/// <summary>
/// Runs requests as child processes of the host, as strongly isolated as this machine allows: bubblewrap namespaces
/// (read-only system paths, private /tmp, pid/network/ipc/uts isolation, seccomp), cgroup v1 limits and accounting,
/// rlimits, and a dropped user without capabilities. What it can enforce is probed once, at construction, and
/// advertised exactly in <see cref="Capabilities"/>.
/// </summary>
/// <remarks>
/// Paths: the sandbox working directory is a fresh host directory per run (bound onto the working-directory path
/// inside namespaces), so files are placed and collected under it only; other absolute paths are refused.
/// </remarks>
public sealed class HostExecutor : IExecutor
{
    /// <summary>The executor's name.</summary>
    public const string ExecutorName = "host";

    private readonly HostExecutorSettings _settings;
    private readonly HostPlan _plan;
    private readonly string _tempRoot;
    private readonly ILogger _logger;

    /// <summary>Creates the executor from its <c>executors.host</c> settings and probes the machine.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    public HostExecutor(PluginContext context)
        : this(context, facts => facts)
    {
    }

    /// <summary>Tests use <paramref name="adjustFacts"/> to take mechanisms away and exercise the fallbacks.</summary>
    internal HostExecutor(PluginContext context, Func<HostFacts, HostFacts> adjustFacts)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The host executor isolates with Linux namespaces, cgroups and rlimits; use the docker executor elsewhere.");
        _settings = context.GetSettings<HostExecutorSettings>();
        _logger = context.LoggerFactory.CreateLogger<HostExecutor>();
        _tempRoot = Path.GetFullPath(_settings.TempRoot ?? RunDirectory.DefaultRoot);
        _plan = HostPlan.From(adjustFacts(HostProbe.Probe(_settings)));
        _logger.LogDebug("Host executor: {Level} isolation, features {Features}", _plan.Capabilities.IsolationLevel, _plan.Capabilities.Features);
    }

    /// <inheritdoc />
    public string Name => ExecutorName;

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => _plan.Capabilities.IsolationLevel;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities => _plan.Capabilities;

    /// <summary>The directory runs are created in (and orphan sweeps look in).</summary>
    public string TempRoot => _tempRoot;

    internal HostPlan Plan => _plan;

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var weakened = RequestGuard.Check(request, Name, RequestCapabilities.For(_plan, request));
        WorkingDirectoryPaths.Validate(request);
        RequestCapabilities.ValidateLayout(_plan, _settings, request);
        var user = SandboxUser.Resolve(request.Security.User);
        cancellationToken.ThrowIfCancellationRequested();
        if (weakened != SandboxFeatures.None)
        {
            _logger.LogWarning("Running request {RequestId} with weaker isolation than it asked for (allowed by the caller): {Features} not enforced",
                request.Id, SandboxFeatureNames.Describe(weakened));
        }

        var result = await new HostRun(_plan, _settings, _tempRoot, request, user, _logger).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var warnings = weakened == SandboxFeatures.None ? result.Warnings : [$"not enforced (weaker isolation accepted): {SandboxFeatureNames.Describe(weakened)}", .. result.Warnings];
        return result with { Executor = Name, IsolationLevel = IsolationLevel, WeakenedFeatures = weakened, Warnings = warnings };
    }

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(HostHealth.Check(_plan, _tempRoot));

    /// <summary>Does nothing: the host executor uses no images.</summary>
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) =>
        OrphanSweeper.SweepAsync(_tempRoot, _plan.Cgroups, _logger, cancellationToken);
}
