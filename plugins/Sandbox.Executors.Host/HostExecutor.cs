using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cleanup;
using Sandbox.Executors.Host.Files;
using Sandbox.Executors.Host.Probing;
using Sandbox.Executors.Host.Running;
using Sandbox.Toolkit;

namespace Sandbox.Executors.Host;

/// <summary>
/// Runs requests as child processes of the host, as strongly isolated as this machine allows: bubblewrap namespaces
/// (read-only system paths, private /tmp, pid/network/ipc/uts isolation, seccomp), cgroup v1 limits and accounting,
/// rlimits, and a dropped user without capabilities. What it can enforce is probed once, when first needed (not at
/// construction: a process that loads the plugin but runs on another executor never pays for the probes), and
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
    private readonly Lazy<HostPlan> _plan;
    private readonly string _tempRoot;
    private readonly ILogger _logger;

    /// <summary>Creates the executor from its <c>executors.host</c> settings; the machine is probed on first use.</summary>
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
        _plan = new Lazy<HostPlan>(() =>
        {
            var facts = HostFactsCache.GetOrProbe(SandboxCache.Folder, _settings, () =>
            {
                _logger.LogDebug("Host executor: probing what this machine allows");
                return HostProbe.Probe(_settings);
            });
            if (facts.KeptIn is { } file) _logger.LogDebug("Host executor: using what an earlier process probed (kept in {File}; nothing it depends on has changed since)", file);
            var plan = HostPlan.From(adjustFacts(facts));
            _logger.LogDebug("Host executor: {Level} isolation, features {Features}", plan.Capabilities.IsolationLevel, plan.Capabilities.Features);
            return plan;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name => ExecutorName;

    /// <inheritdoc />
    /// <remarks>
    /// The first read probes the machine (about 75 ms of short child processes), or reads what an earlier process
    /// measured (<see cref="HostFactsCache"/>).
    /// </remarks>
    public IsolationLevel IsolationLevel => _plan.Value.Capabilities.IsolationLevel;

    /// <inheritdoc />
    /// <remarks>The first read probes the machine, or reads what an earlier process measured.</remarks>
    public ExecutorCapabilities Capabilities => _plan.Value.Capabilities;

    /// <summary>The directory runs are created in (and orphan sweeps look in).</summary>
    public string TempRoot => _tempRoot;

    internal HostPlan Plan => _plan.Value;

    /// <summary>Whether the machine has been probed yet.</summary>
    internal bool Probed => _plan.IsValueCreated;

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
        var weakened = RequestGuard.Check(request, Name, RequestCapabilities.For(plan, request));
        WorkingDirectoryPaths.Validate(request);
        RequestCapabilities.ValidateLayout(plan, _settings, request);
        var user = SandboxUser.Resolve(request.Security.User);
        cancellationToken.ThrowIfCancellationRequested();
        if (weakened != SandboxFeatures.None)
        {
            _logger.LogWarning("Running request {RequestId} with weaker isolation than it asked for (allowed by the caller): {Features} not enforced",
                request.Id, SandboxFeatureNames.Describe(weakened));
        }

        ExecutionResult result;
        try
        {
            result = await new HostRun(plan, _settings, _tempRoot, request, user, _logger).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sandbox could not be set up: what the probes measured may no longer hold, so the next process measures again.
            HostFactsCache.Forget(SandboxCache.Folder);
            throw;
        }

        var warnings = weakened == SandboxFeatures.None ? result.Warnings : [$"not enforced (weaker isolation accepted): {SandboxFeatureNames.Describe(weakened)}", .. result.Warnings];
        return result with { Executor = Name, IsolationLevel = IsolationLevel, WeakenedFeatures = weakened, Warnings = warnings };
    }

    /// <inheritdoc />
    public async Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) =>
        HostHealth.Check(await PlanAsync(cancellationToken).ConfigureAwait(false), _tempRoot);

    /// <summary>Does nothing: the host executor uses no images.</summary>
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) =>
        await OrphanSweeper.SweepAsync(_tempRoot, (await PlanAsync(cancellationToken).ConfigureAwait(false)).Cgroups, _logger, cancellationToken).ConfigureAwait(false);

    // The probes wait for short child processes: the first caller runs them on the thread pool, never on its own
    // thread; everyone after gets the cached plan.
    private async ValueTask<HostPlan> PlanAsync(CancellationToken cancellationToken) =>
        _plan.IsValueCreated ? _plan.Value : await Task.Run(() => _plan.Value, cancellationToken).ConfigureAwait(false);
}
