using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cgroups;
using Sandbox.Executors.Host.Cleanup;
using Sandbox.Executors.Host.Files;
using Sandbox.Executors.Host.Native;
using Sandbox.Executors.Host.Probing;
using Sandbox.Executors.Host.Seccomp;
using Sandbox.Toolkit;

namespace Sandbox.Executors.Host.Running;

/// <summary>
/// One run of an accepted request: create (run directory, cgroups, seccomp program), copy-in, run, collect, remove.
/// Removal always happens, whatever failed or was cancelled, and is reported in <see cref="ExecutionResult.CleanupSucceeded"/>.
/// </summary>
internal sealed class HostRun
{
    private const string WrapperPath = "/usr/sbin:/usr/bin:/sbin:/bin";
    private const string WorkloadPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly HostPlan _plan;
    private readonly HostExecutorSettings _settings;
    private readonly string _tempRoot;
    private readonly ExecutionRequest _request;
    private readonly SandboxUser _user;
    private readonly ILogger _logger;
    private readonly PhaseTimer _timer = new();
    private readonly RunName _name = RunName.New();
    private RunLayout? _layout;
    private RunCgroup? _cgroup;

    public HostRun(HostPlan plan, HostExecutorSettings settings, string tempRoot, ExecutionRequest request, SandboxUser user, ILogger logger)
    {
        (_plan, _settings, _tempRoot, _request, _user, _logger) = (plan, settings, tempRoot, request, user, logger);
    }

    /// <summary>Runs the request; the result lacks only <c>Executor</c>, <c>IsolationLevel</c> and <c>WeakenedFeatures</c>.</summary>
    public async Task<ExecutionResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        ExecutionResult result;
        IReadOnlyList<string> problems;
        try
        {
            result = await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Removal must not be skipped because the caller cancelled: it takes no token.
            problems = await _timer.TimeAsync("remove", RemoveAsync).ConfigureAwait(false);
        }

        return result with { CleanupSucceeded = problems.Count == 0, Phases = _timer.Phases, Duration = _timer.Elapsed, Warnings = [.. result.Warnings, .. problems] };
    }

    private async Task<ExecutionResult> RunAsync(CancellationToken cancellationToken)
    {
        await _timer.TimeAsync("create", () =>
        {
            _layout = RunDirectory.Create(RunDirectory.EnsureRoot(_tempRoot, SandboxCommandLine.HostOwner(_plan, _user) is { IsRoot: false }), _name, _request.Id);
            if (_plan.Cgroups.Count > 0)
                _cgroup = RunCgroup.Create(_plan.Cgroups, _name.ToString(), _request.Limits, _plan.Namespaces ? SandboxCommandLine.NamespacePidsOverhead : 0);
            if (_plan.Seccomp) File.WriteAllBytes(_layout.SeccompFile, SeccompFilter.Build());
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        var layout = _layout!;

        var owner = SandboxCommandLine.HostOwner(_plan, _user);
        await _timer.TimeAsync("copy-in", () => FileStager.StageAsync(_request, layout.WorkDirectory, owner, cancellationToken)).ConfigureAwait(false);

        var stdout = new OutputCapture(OutputStream.Stdout, _request.Limits.OutputBytes, _request.OnOutput);
        var stderr = new OutputCapture(OutputStream.Stderr, _request.Limits.OutputBytes, _request.OnOutput);
        var timeout = _request.Limits.HasTimeout ? _request.Limits.Timeout : null;
        var outcome = await _timer.TimeAsync("run", () =>
            ProcessRunner.RunAsync(StartInfo(layout), _request.StandardInput, stdout, stderr, timeout, KillTreeAsync, cancellationToken)).ConfigureAwait(false);
        if (outcome.Cancelled) throw new OperationCanceledException("The run was cancelled; its sandbox was removed.", cancellationToken);
        EnsureSandboxStarted(layout, outcome, stderr);

        var warnings = new List<string>();
        if (!outcome.OutputDrained) warnings.Add("an escaped process held the output pipes open after the run; output after the kill was discarded");
        var stats = _cgroup?.ReadStats() ?? ExecutionStats.Unknown;
        var oomKilled = _request.Limits.MemoryBytes is not null && (_cgroup?.OomKilled() ?? false);
        var (files, collectWarnings) = await _timer.TimeAsync("collect", () =>
            OutputCollector.CollectAsync(_request, layout.WorkDirectory, cancellationToken)).ConfigureAwait(false);
        warnings.AddRange(collectWarnings);

        return new ExecutionResult
        {
            ExitCode = outcome.ExitCode,
            Stdout = stdout.GetText(),
            Stderr = stderr.GetText(),
            StdoutTruncated = stdout.Truncated,
            StderrTruncated = stderr.Truncated,
            TimedOut = outcome.TimedOut,
            OomKilled = oomKilled,
            Stats = stats,
            OutputFiles = files,
            SandboxId = _name.ToString(),
            Warnings = warnings,
        };
    }

    private ProcessStartInfo StartInfo(RunLayout layout)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = WorkloadPath,
            ["HOME"] = _plan.Namespaces ? SandboxPaths.Resolve(_request.WorkingDirectory, "/", "workingDirectory") : layout.WorkDirectory,
            ["LANG"] = "C.UTF-8",
        };
        foreach (var (key, value) in _request.Environment) environment[key] = value;

        var argv = SandboxCommandLine.Build(_plan, _settings, _request, layout, _user, _cgroup?.ProcsFiles ?? [], environment);
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _plan.Namespaces ? layout.RunDirectory : layout.WorkDirectory,
        };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        // Nothing of the host's environment reaches the wrapper; the workload's own environment is set by `env -i`.
        info.Environment.Clear();
        info.Environment["PATH"] = WrapperPath;
        return info;
    }

    private async Task KillTreeAsync(Process process)
    {
        try
        {
            // The tree walk (a read of every process on the machine) only finds what still hangs off a live wrapper; once
            // it has ended, its descendants were reparented and only the process group and the cgroup reach them.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }

        // setsid made the wrapper a process-group leader: this reaches descendants that were reparented.
        if (_plan.Facts.Tools.Setsid is not null) Libc.Kill(-process.Id);
        if (_cgroup is not null) await _cgroup.KillAllAsync().ConfigureAwait(false);
    }

    private static void EnsureSandboxStarted(RunLayout layout, ProcessOutcome outcome, OutputCapture stderr)
    {
        if (outcome.TimedOut) return;
        var status = File.Exists(layout.StatusFile) ? File.ReadAllText(layout.StatusFile) : "";
        if (status.Contains("child-pid", StringComparison.Ordinal) || status.Contains("started", StringComparison.Ordinal)) return;
        throw new EngineApiException("set up the host sandbox", null,
            $"{stderr.GetText().Trim()} (exit code {outcome.ExitCode}; run `sandbox doctor` or check the host executor's health)");
    }

    private async Task<IReadOnlyList<string>> RemoveAsync()
    {
        var problems = new List<string>();
        if (_cgroup is not null)
        {
            await _cgroup.KillAllAsync().ConfigureAwait(false);
            if (await _cgroup.RemoveAsync().ConfigureAwait(false) is { } cgroupProblem) problems.Add(cgroupProblem);
        }

        if (_layout is not null && RunDirectory.Remove(_layout.RunDirectory) is { } dirProblem) problems.Add(dirProblem);
        foreach (var problem in problems) _logger.LogWarning("Host sandbox {Run} was not fully removed: {Problem}", _name, problem);
        return problems;
    }
}
