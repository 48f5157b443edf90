using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// One command in a session: exec → attach → wait (with timeout) → exit code, giving the same result shape as a
/// one-shot run. The exec runs the framework's gate (<see cref="SandboxGate"/>), which reports the command's end,
/// status and figures; a session without it wraps the command in a shell and takes the status from the engine. On
/// timeout or cancellation the command's whole process tree is killed and the session lives on.
/// </summary>
internal sealed class SessionExec
{
    // After the tree was killed its streams close at once; this only bounds processes that escaped into a new session.
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PrologueWait = TimeSpan.FromSeconds(5);
    private const int KillAttempts = 3;

    private readonly SessionContext _session;
    private readonly ExecChannel _channel;
    private readonly PhaseTimer _timer = new();
    private readonly List<string> _warnings = [];
    private readonly bool _firstCommand;

    /// <param name="session">The session.</param>
    /// <param name="firstCommand">
    /// The first command of a fresh session: the container ran nothing before it, so the cgroup's memory high-water mark
    /// is the command's.
    /// </param>
    public SessionExec(SessionContext session, bool firstCommand = false)
    {
        _session = session;
        _firstCommand = firstCommand;
        _channel = new ExecChannel(session);
    }

    public async Task<ExecutionResult> RunAsync(SessionCommand command, CancellationToken cancellationToken)
    {
        var spec = _session.Spec;
        var (argv, workingDirectory, environment) = Validate(command, spec);
        if (command.Egress is not null) throw new InvalidOperationException($"Session {_session.SessionId} keeps the allow-list it was started with; only a single-use session's command brings one.");
        // The session's audit so far: this command's share is what it adds (concurrent commands share one proxy).
        var egressBefore = _session.Egress?.Report;
        var timeout = command.Timeout ?? spec.Limits.Timeout;
        var hasTimeout = (ResourceLimits.Default with { Timeout = timeout }).HasTimeout;
        // Under the gate the command's end, status and figures are its report; its header goes first on stdin.
        var gated = _session.GateMissing is null;
        var token = GateProtocol.NewToken();
        ReadOnlyMemory<byte>? stdin = gated ? (byte[])[.. GateProtocol.Header(token, argv, null, []), .. (command.StandardInput ?? default).Span] : command.StandardInput;
        var execCommand = gated ? SandboxGate.ExecCommand : SessionScripts.Wrap(argv);

        var execId = await _timer.TimeAsync("exec-create", () => _channel.CreateAsync(execCommand, workingDirectory, environment, stdin is not null, cancellationToken)).ConfigureAwait(false);
        using var stream = await _timer.TimeAsync("start", () => _channel.StartAsync(execId, cancellationToken)).ConfigureAwait(false);
        var pump = new OutputPump(stream, command.OutputBytes ?? spec.Limits.OutputBytes, command.OnOutput ?? spec.OnOutput, stderrPrologue: true, endMarker: gated ? GateProtocol.EndMarker(token) : null);
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumpTask = pump.RunAsync(pumping.Token);
        bool timedOut;
        try
        {
            using var delivering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stdinTask = stdin is { } input ? pump.DeliverStdinAsync(input, delivering.Token) : Task.FromResult<string?>(null);
            timedOut = await _timer.TimeAsync("run", () => WaitAsync(pump, pumpTask, hasTimeout ? timeout!.Value : null, cancellationToken)).ConfigureAwait(false);
            await delivering.CancelAsync().ConfigureAwait(false);
            if (await stdinTask.ConfigureAwait(false) is { } stdinProblem) _warnings.Add(stdinProblem);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: the command must not run on unobserved in the session.
            await KillTreeAsync(pump).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await pumping.CancelAsync().ConfigureAwait(false);
            await pumpTask.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        var report = GateProtocol.ParseEnd(pump.EndStatus);
        // What the wrapper announced before it started the command (its pid, the OOM-kill counter then); none: it never ran.
        var announced = pump.Prologue.IsCompletedSuccessfully ? SessionScripts.ParsePrologue(pump.Prologue.Result) : null;
        var exitCode = report?.ExitCode ?? await ExitCodeAsync(execId, gated, gateStarted: announced is not null, timedOut, cancellationToken).ConfigureAwait(false);
        var oomKilled = exitCode == 137 && !timedOut && await WasOomKilledAsync(announced?.OomKills, report, cancellationToken).ConfigureAwait(false);
        var network = _session.Egress is { } egress ? (await egress.SettledReportAsync().ConfigureAwait(false)).Since(egressBefore!) : null;
        return new ExecutionResult
        {
            Network = network,
            ExitCode = exitCode,
            Stdout = pump.Stdout.GetText(),
            Stderr = pump.Stderr.GetText(),
            StdoutTruncated = pump.Stdout.Truncated,
            StderrTruncated = pump.Stderr.Truncated,
            TimedOut = timedOut,
            OomKilled = oomKilled,
            Duration = _timer.Elapsed,
            Phases = _timer.Phases,
            Stats = Figures(report, timedOut),
            SandboxId = _session.ContainerId,
            Executor = _session.Executor,
            IsolationLevel = IsolationLevel.Container,
            WeakenedFeatures = _session.Weakened,
            Warnings = _warnings,
        };
    }

    // Without the gate's report: the engine's record of the exec. Under the gate that record is the gate's, which either
    // could not start the command or was killed by it (its parent, same user), so the command's own status is unknown.
    private async Task<int?> ExitCodeAsync(string execId, bool gated, bool gateStarted, bool timedOut, CancellationToken cancellationToken)
    {
        var exitCode = await _timer.TimeAsync("inspect", () => _channel.ExitCodeAsync(execId, cancellationToken)).ConfigureAwait(false);
        // A timed-out command was killed by SIGKILL even when the engine lost its record (a restarted session).
        if (timedOut) return exitCode ?? 137;
        if (exitCode is null)
        {
            _warnings.Add("The engine still reported the command as running after its output closed; its exit code is unknown.");
            return null;
        }

        if (!gated) return exitCode;
        const string Crowded = "A session whose earlier commands left processes behind can be at its pids limit.";
        _warnings.Add(!gateStarted ? $"The command did not start: the engine could not start its exec (status {exitCode}; the engine's reason is in the output). {Crowded}"
            : exitCode == SandboxGate.CouldNotStart ? $"The command did not start: the framework's gate could not start it (its reason is on stderr). {Crowded}"
            : $"The command's exit status is unknown: the framework's gate that ran it ended without reporting (it exited {exitCode}; a command can kill its own parent process).");
        return null;
    }

    // The figures are the gate's reading of the session's cgroup: CPU since the command started (concurrent commands in
    // the same session count too), and the high-water mark only for a fresh session's first command (it covers the
    // whole session, and a cgroup's maximum cannot be reset from inside).
    private ExecutionStats Figures(GateReport? report, bool timedOut)
    {
        if (!_session.Settings.CollectStats) return ExecutionStats.Unknown;
        if (_session.GateMissing is { } missing)
        {
            _warnings.Add($"cpuTime and peakMemory are unknown: {missing}.");
            return ExecutionStats.Unknown;
        }

        if (report is null)
        {
            _warnings.Add(timedOut ? "cpuTime and peakMemory are unknown: the command was killed before its gate could report them." : "cpuTime and peakMemory are unknown: the command's gate ended without reporting them.");
            return ExecutionStats.Unknown;
        }

        var stats = report.Stats;
        if (!_firstCommand && stats.PeakMemoryBytes is not null)
        {
            _warnings.Add("peakMemory is unknown: the session's memory high-water mark also covers its earlier commands.");
            stats = stats with { PeakMemoryBytes = null };
        }
        else if (stats.CpuTime is null || stats.PeakMemoryBytes is null)
        {
            _warnings.Add("Some of cpuTime and peakMemory are unknown: the session's cgroup counters could not be read inside it.");
        }

        return stats;
    }

    /// <summary>Checks the command like <see cref="RequestGuard"/> checks a request, before anything runs.</summary>
    internal static (IReadOnlyList<string> Argv, string WorkingDirectory, IReadOnlyList<string> Environment) Validate(SessionCommand command, ExecutionRequest spec)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Command.Count == 0 || string.IsNullOrEmpty(command.Command[0]))
            throw new InvalidRequestException("command", "no command given; pass the program and its arguments");
        if (command.Command.Any(a => a is null || a.Contains('\0')))
            throw new InvalidRequestException("command", "arguments may not be null or contain NUL characters");
        if (command.Timeout is { } t && t <= TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
            throw new InvalidRequestException("timeout", "must be positive (or infinite)");
        if (command.OutputBytes is < 0) throw new InvalidRequestException("outputBytes", "must not be negative");
        foreach (var (key, value) in command.Environment)
        {
            if (key.Length == 0 || key.Contains('=') || key.Contains('\0') || value.Contains('\0'))
                throw new InvalidRequestException("environment", $"'{key}' is not a valid variable");
        }

        var workingDirectory = command.WorkingDirectory is null
            ? spec.WorkingDirectory
            : SandboxPaths.Resolve(command.WorkingDirectory, spec.WorkingDirectory, "workingDirectory");
        return (command.Command, workingDirectory, [.. command.Environment.Select(e => $"{e.Key}={e.Value}")]);
    }

    private async Task<bool> WaitAsync(OutputPump pump, Task pumpTask, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is null)
        {
            await pumpTask.WaitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (await Task.WhenAny(pumpTask, Task.Delay(timeout.Value, cancellationToken)).ConfigureAwait(false) == pumpTask)
        {
            await pumpTask.ConfigureAwait(false);
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await KillTreeAsync(pump).ConfigureAwait(false);
        if (await Task.WhenAny(pumpTask, Task.Delay(OutputDrainGrace, cancellationToken)).ConfigureAwait(false) != pumpTask)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _warnings.Add($"The output did not close within {OutputDrainGrace.TotalSeconds:0} s of the kill: a process that left the command's session (setsid) still holds it; remove the session to stop it.");
        }

        return true;
    }

    /// <summary>
    /// Kills the command's process tree with a helper exec; when even that cannot start (a fork bomb holds every pid),
    /// restarts the session's container. The session survives either way.
    /// </summary>
    private Task KillTreeAsync(OutputPump pump) => _timer.TimeAsync("kill", async () =>
    {
        string? prologue = null;
        try
        {
            prologue = await pump.Prologue.WaitAsync(PrologueWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The wrapper never announced itself (it has not even started): only the last resort can reach it.
        }

        if (SessionScripts.ParsePrologue(prologue) is { } announced)
        {
            for (var attempt = 1; attempt <= KillAttempts; attempt++)
            {
                try
                {
                    // The killer always exits 0; anything else means it never ran (the engine reports a failed exec
                    // start, e.g. no pid left under a fork bomb, as output and a non-zero exit, not as an API error).
                    var (exitCode, _, _) = await _channel.RunHelperAsync(SessionScripts.KillTree(announced.Pid), CancellationToken.None).ConfigureAwait(false);
                    if (exitCode == 0) return;
                }
                catch (EngineApiException)
                {
                    // Same cause through another engine: retry below.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt)).ConfigureAwait(false);
            }
        }

        // Not even a killer can start (a fork bomb holds every pid): restart the container. Every process goes; the
        // files in the writable directories stay, /tmp is cleared.
        _warnings.Add("The command's process tree could not be killed from inside the session (no process could start there), so the session was restarted: every process in it was killed, its files were kept and /tmp was cleared.");
        var client = _session.Client;
        await client.KillAsync(_session.ContainerId, CancellationToken.None).ConfigureAwait(false);
        await client.WaitForExitAsync(_session.ContainerId, CancellationToken.None).WaitAsync(client.ApiTimeout).ConfigureAwait(false);
        await client.CallAsync("restart the session", ct => client.Api.Containers.StartContainerAsync(_session.ContainerId, new ContainerStartParameters(), ct), CancellationToken.None).ConfigureAwait(false);
    });

    // An exit by SIGKILL is an OOM kill when the cgroup's OOM-kill counter moved while the command ran: after it as the
    // gate reported it, or (without the gate) as a helper reads it.
    private async Task<bool> WasOomKilledAsync(long? before, GateReport? report, CancellationToken cancellationToken)
    {
        if (_session.Spec.Limits.MemoryBytes is null) return false;
        var after = report?.OomKills;
        if (after is null)
        {
            var (_, stdout, _) = await _timer.TimeAsync("oom-check", () => _channel.RunHelperAsync(SessionScripts.OomCounter(), cancellationToken)).ConfigureAwait(false);
            after = SessionScripts.ParseCounter(stdout);
        }

        // Without the counter (no readable cgroup files) the one-shot heuristic applies: SIGKILL under a memory limit.
        return before is null || after is null || after > before;
    }
}
