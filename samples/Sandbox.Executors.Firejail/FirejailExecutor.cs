using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Executors.Firejail;

/// <summary>
/// Runs each request under firejail (Debian package <c>firejail</c>): pid, mount and network namespaces, firejail's
/// default seccomp filter, no_new_privs, a private /tmp, rlimits and a non-root user without capabilities. A source
/// plugin: the runtime compiles this folder and loads it; nothing is built ahead of time.
/// </summary>
public sealed class FirejailExecutor : IExecutor
{
    private const SandboxFeatures Enforced = SandboxFeatures.NetworkIsolation | SandboxFeatures.DropCapabilities | SandboxFeatures.NoNewPrivileges
        | SandboxFeatures.NonRootUser | SandboxFeatures.Seccomp | SandboxFeatures.OpenFilesLimit | SandboxFeatures.FileSizeLimit;

    private readonly FirejailSettings _settings;
    private readonly ILogger _logger;

    /// <summary>Creates the executor from its <c>executors.firejail</c> settings.</summary>
    public FirejailExecutor(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _settings = context.GetSettings<FirejailSettings>();
        _logger = context.LoggerFactory.CreateLogger<FirejailExecutor>();
        Runs = new RunFolders(_settings.RunRoot);
    }

    /// <inheritdoc />
    public string Name => "firejail";

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => IsolationLevel.Namespace;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities { get; } = new()
    {
        IsolationLevel = IsolationLevel.Namespace,
        Features = Enforced,
        Limitations = new Dictionary<SandboxFeatures, string>
        {
            [SandboxFeatures.MemoryLimit] = "firejail's --rlimit-as caps address space, which is not a memory limit that kills",
            [SandboxFeatures.PidsLimit] = "firejail's --rlimit-nproc counts every process of the user on the host",
            [SandboxFeatures.CpuLimit] = "firejail's --cpu pins cores; it sets no quota",
            [SandboxFeatures.ReadOnlyRoot] = "not implemented by this sample",
            [SandboxFeatures.FilesIn] = "not implemented by this sample",
            [SandboxFeatures.FilesOut] = "not implemented by this sample",
            [SandboxFeatures.NetworkAccess] = "firejail without --net=none shares the host's network, which is more than a bridge",
        },
    };

    /// <summary>Where this executor's run folders live.</summary>
    public RunFolders Runs { get; }

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var weakened = RequestGuard.Check(request, Name, Capabilities);
        var user = FirejailCommandLine.User(request.Security);
        if (!File.Exists(_settings.Firejail))
            throw new EngineUnavailableException("firejail", _settings.Firejail, "install it with `apt-get install firejail` (build/engines/install.sh does)");
        cancellationToken.ThrowIfCancellationRequested();

        var timer = new PhaseTimer();
        var folder = await timer.TimeAsync("create", () => Task.FromResult(Runs.Create(request.Id))).ConfigureAwait(false);
        ChildProcessOutcome outcome;
        string? leftover;
        try
        {
            var argv = FirejailCommandLine.Build(_settings.Firejail, request, user, folder);
            outcome = await timer.TimeAsync("run", () => ChildProcessRunner.RunAsync(ChildProcessSpec.For(request, argv, folder), cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            leftover = await timer.TimeAsync("remove", () => Task.FromResult(Runs.Delete(folder))).ConfigureAwait(false);
            if (leftover is not null) _logger.LogWarning("Firejail run folder {Folder} was not removed: {Problem}", folder, leftover);
        }

        // The sandbox is the run folder (firejail's own pid is only the monitor's).
        var result = outcome.ToResult() with { SandboxId = Path.GetFileName(folder) };
        return result with
        {
            Duration = timer.Elapsed,
            Phases = timer.Phases,
            Executor = Name,
            IsolationLevel = IsolationLevel,
            WeakenedFeatures = weakened,
            CleanupSucceeded = leftover is null,
            Warnings = leftover is null ? result.Warnings : [.. result.Warnings, leftover],
        };
    }

    /// <inheritdoc />
    /// <remarks>Runs a real request (as nobody, writing a file in its run folder): a binary being installed does not mean it works.</remarks>
    public async Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_settings.Firejail))
            return HealthReport.Failing($"{_settings.Firejail} not found", new HealthCheck("firejail", false, "not installed", "apt-get install firejail"));
        HealthCheck check;
        try
        {
            // The probe demands exactly what this executor enforces: the defaults it cannot enforce are relaxed on purpose.
#pragma warning disable SBX0004, SBX0005, SBX0007
            var probe = await ExecuteAsync(ExecutionRequest.For("/bin/sh", "-c", ": > probe") with
            {
                Id = "health",
                Limits = ResourceLimits.Default with { MemoryBytes = null, Cpus = null, Pids = null, Timeout = TimeSpan.FromSeconds(10) },
                Security = SecurityProfile.Default with { ReadOnlyRootFilesystem = false },
            }, cancellationToken).ConfigureAwait(false);
#pragma warning restore SBX0004, SBX0005, SBX0007
            check = new HealthCheck("firejail sandbox", probe.Succeeded, probe.Succeeded ? $"a sandbox starts and writes in {Runs.Root}" : $"exit {probe.ExitCode}: {probe.Stderr.Trim()}",
                "check that firejail works here and that runRoot is outside /tmp and /var/tmp and writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SandboxException)
        {
            check = new HealthCheck("firejail sandbox", false, ex.Message, "set executors.firejail.runRoot to a writable folder outside /tmp and /var/tmp");
        }

        return check.Passed ? HealthReport.Ok($"firejail {IsolationLevel} isolation, runs in {Runs.Root}", check) : HealthReport.Failing(check.Detail, check);
    }

    /// <summary>Nothing to prepare: firejail uses the host's filesystem.</summary>
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(Runs.RemoveAbandoned());
}
