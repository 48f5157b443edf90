using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace TemplatePlugin1;

/// <summary>
/// The <c>plugin-name</c> executor: runs each request as a host process in a fresh working directory, in its own process
/// group (killed as a whole on timeout, cancellation and exit), with rlimits set by <c>prlimit</c>.
/// </summary>
/// <remarks>
/// To wrap your isolation tool (firejail, nsjail, bubblewrap, ...), change <see cref="Wrap"/> and advertise in
/// <see cref="Capabilities"/> exactly what the tool enforces. The conformance kit in the test project checks both: an
/// advertised feature must work, and a request demanding anything else must be refused.
/// </remarks>
public sealed class PluginShortNameExecutor : IExecutor
{
    /// <summary>The executor's name, used with <c>sandbox run --executor</c> and as its <c>sandbox.json</c> section.</summary>
    public const string ExecutorName = "plugin-name";

    private static readonly string? Prlimit = new[] { "/usr/bin/prlimit", "/bin/prlimit" }.FirstOrDefault(File.Exists);

    private readonly ILogger _logger;

    /// <summary>Creates the executor from its <c>executors.plugin-name</c> settings.</summary>
    public PluginShortNameExecutor(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _logger = context.LoggerFactory.CreateLogger<PluginShortNameExecutor>();
        var settings = context.GetSettings<PluginShortNameSettings>();
        RunDirectories = new RunDirectories(settings.RunRoot ?? Path.Combine(Path.GetTempPath(), "sandbox-" + ExecutorName));
        Capabilities = new ExecutorCapabilities
        {
            IsolationLevel = Prlimit is null ? IsolationLevel.None : IsolationLevel.Process,
            // A host process has the host's network: it can give network access, never take it away.
            Features = SandboxFeatures.NetworkAccess | (Prlimit is null ? SandboxFeatures.None : SandboxFeatures.OpenFilesLimit | SandboxFeatures.FileSizeLimit),
            Limitations = new Dictionary<SandboxFeatures, string>
            {
                [SandboxFeatures.NetworkIsolation] = "a host process shares the host's network",
                [SandboxFeatures.ReadOnlyRoot] = "a host process sees the host's filesystem",
                [SandboxFeatures.MemoryLimit] = "no cgroup: wrap a tool that creates one to enforce memory limits",
            },
        };
    }

    /// <inheritdoc />
    public string Name => ExecutorName;

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => Capabilities.IsolationLevel;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities { get; }

    /// <summary>Where runs are created, one fresh directory each.</summary>
    public RunDirectories RunDirectories { get; }

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        // Refuses malformed requests and anything demanded that this executor does not advertise (unless waived).
        var weakened = RequestGuard.Check(request, Name, Capabilities);
        cancellationToken.ThrowIfCancellationRequested();
        var timer = new PhaseTimer();
        var directory = await timer.TimeAsync("create", () => Task.FromResult(RunDirectories.Create(request.Id))).ConfigureAwait(false);
        ChildProcessOutcome outcome;
        string? cleanupProblem;
        try
        {
            var spec = ChildProcessSpec.For(request, Wrap(request), directory);
            outcome = await timer.TimeAsync("run", () => ChildProcessRunner.RunAsync(spec, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            // Removal must happen whatever failed or was cancelled.
            cleanupProblem = await timer.TimeAsync("remove", () => Task.FromResult(RunDirectories.Remove(directory))).ConfigureAwait(false);
            if (cleanupProblem is not null) _logger.LogWarning("Run directory {Directory} was not removed: {Problem}", directory, cleanupProblem);
        }

        var result = outcome.ToResult();
        return result with
        {
            Duration = timer.Elapsed,
            Phases = timer.Phases,
            Executor = Name,
            IsolationLevel = IsolationLevel,
            WeakenedFeatures = weakened,
            CleanupSucceeded = cleanupProblem is null,
            Warnings = cleanupProblem is null ? result.Warnings : [.. result.Warnings, cleanupProblem],
        };
    }

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        var checks = new[]
        {
            new HealthCheck("process groups", ChildProcessRunner.KillsProcessGroups, ChildProcessRunner.KillsProcessGroups ? "setsid found" : "setsid not found",
                "install util-linux (apt-get install util-linux)"),
            new HealthCheck("rlimits", Prlimit is not null, Prlimit ?? "prlimit not found", "install util-linux (apt-get install util-linux)"),
            new HealthCheck("run directory", RunDirectories.IsWritable(out var problem), problem ?? RunDirectories.Root, "set executors.plugin-name.runRoot to a writable directory"),
        };
        var healthy = checks.All(c => c.Passed);
        var summary = healthy ? $"host process, {IsolationLevel} isolation, runs in {RunDirectories.Root}" : string.Join("; ", checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"));
        return Task.FromResult(healthy ? HealthReport.Ok(summary, checks) : HealthReport.Failing(summary, checks));
    }

    /// <summary>Nothing to prepare: this executor uses no images.</summary>
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(RunDirectories.SweepOrphans());

    /// <summary>
    /// The command line that runs the workload: the isolation tool and its options, then the request's command. Pass
    /// every request value as its own argument; never splice it into shell text.
    /// </summary>
    private static List<string> Wrap(ExecutionRequest request)
    {
        if (Prlimit is null) return [.. request.Command];
        var argv = new List<string> { Prlimit, "--core=0" };
        if (request.Limits.OpenFiles is { } files) argv.Add(FormattableString.Invariant($"--nofile={files}:{files}"));
        if (request.Limits.FileSizeBytes is { } size) argv.Add(FormattableString.Invariant($"--fsize={size}:{size}"));
        argv.Add("--");
        argv.AddRange(request.Command);
        return argv;
    }
}
