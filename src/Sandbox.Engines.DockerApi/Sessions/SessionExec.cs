using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// One command in a session: exec → attach → wait (with timeout) → exit code, giving the same result shape as a
/// one-shot run. On timeout or cancellation the command's whole process tree is killed and the session lives on.
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
    /// The first command of a fresh session (e.g. a warm pool's sandbox): the container ran nothing before it, so its
    /// totals are the command's and no baseline is needed. A baseline sample costs up to a second on engines whose
    /// one-shot statistics wait for the next collector tick, which left commands shorter than that without figures.
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
        var timeout = command.Timeout ?? spec.Limits.Timeout;
        var hasTimeout = (ResourceLimits.Default with { Timeout = timeout }).HasTimeout;
        var stdin = command.StandardInput;

        var execId = await _timer.TimeAsync("exec-create", () => _channel.CreateAsync(SessionScripts.Wrap(argv), workingDirectory, environment, stdin is not null, cancellationToken)).ConfigureAwait(false);
        using var stream = await _timer.TimeAsync("start", () => _channel.StartAsync(execId, cancellationToken)).ConfigureAwait(false);
        var pump = new OutputPump(stream, command.OutputBytes ?? spec.Limits.OutputBytes, command.OnOutput ?? spec.OnOutput, stderrPrologue: true);
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumpTask = pump.RunAsync(pumping.Token);
        using var sampling = new CancellationTokenSource();
        var sampler = _session.Settings.CollectStats ? new StatsSampler(_session.Client, _session.ContainerId, sharedContainer: !_firstCommand) : null;
        var samplerTask = sampler?.RunAsync(sampling.Token) ?? Task.CompletedTask;
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
            await sampling.CancelAsync().ConfigureAwait(false);
            await samplerTask.ConfigureAwait(false);
            await pumping.CancelAsync().ConfigureAwait(false);
            await pumpTask.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        var exitCode = await _timer.TimeAsync("inspect", () => _channel.ExitCodeAsync(execId, cancellationToken)).ConfigureAwait(false);
        // A timed-out command was killed by SIGKILL even when the engine lost its record (a restarted session).
        if (exitCode is null && timedOut) exitCode = 137;
        else if (exitCode is null) _warnings.Add("The engine still reported the command as running after its output closed; its exit code is unknown.");
        var oomKilled = exitCode == 137 && !timedOut && await WasOomKilledAsync(pump, cancellationToken).ConfigureAwait(false);
        return new ExecutionResult
        {
            ExitCode = exitCode,
            Stdout = pump.Stdout.GetText(),
            Stderr = pump.Stderr.GetText(),
            StdoutTruncated = pump.Stdout.Truncated,
            StderrTruncated = pump.Stderr.Truncated,
            TimedOut = timedOut,
            OomKilled = oomKilled,
            Duration = _timer.Elapsed,
            Phases = _timer.Phases,
            Stats = sampler?.Stats ?? ExecutionStats.Unknown,
            SandboxId = _session.ContainerId,
            Executor = _session.Executor,
            IsolationLevel = IsolationLevel.Container,
            WeakenedFeatures = _session.Weakened,
            Warnings = _warnings,
        };
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

    // An exit by SIGKILL is an OOM kill when the cgroup's OOM-kill counter moved while the command ran.
    private async Task<bool> WasOomKilledAsync(OutputPump pump, CancellationToken cancellationToken)
    {
        if (_session.Spec.Limits.MemoryBytes is null) return false;
        var before = pump.Prologue.IsCompletedSuccessfully ? SessionScripts.ParsePrologue(pump.Prologue.Result)?.OomKills : null;
        var (_, stdout, _) = await _timer.TimeAsync("oom-check", () => _channel.RunHelperAsync(SessionScripts.OomCounter(), cancellationToken)).ConfigureAwait(false);
        var after = SessionScripts.ParseCounter(stdout);
        // Without the counter (no readable cgroup files) the one-shot heuristic applies: SIGKILL under a memory limit.
        return before is null || after is null || after > before;
    }
}
