using System.Text;
using Docker.DotNet;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// A session for one command (a warm pool's sandbox): its container already runs a gate that waits on the attached
/// stdin, and the command is handed to it instead of being started by an engine exec, which is most of what a command
/// in a session costs. The framework's gate (<see cref="SandboxGate"/>, pid 1, unreadable and unkillable by the
/// workload) reports the command's end, status and figures in-band, so the result does not wait for the container's
/// teardown; the container stops after it. Without it (<see cref="SessionContext.GateMissing"/> says why) the shell fallback
/// reports nothing and the container's exit is the command's. Files go in before the command and come out after it as
/// in any session.
/// </summary>
internal sealed class SingleUseContainerSession(SessionContext context, ContainerSession session, MultiplexedStream gate) : ISandboxSession
{
    // The gate's attach stream is a connection to the engine's process: once the engine was found unreachable after
    // it was opened, the stream died with that process (a restart), and a command handed to it would never arrive.
    private readonly long _outagesAtAttach = context.Client.Outages;
    private int _used;

    /// <inheritdoc />
    public string Id => session.Id;

    /// <inheritdoc />
    public string Executor => session.Executor;

    /// <inheritdoc />
    public ExecutionRequest Spec => session.Spec;

    /// <summary>Whether the engine went away since the gate was attached: its stream is gone, the session unusable.</summary>
    private bool Severed => context.Client.Outages != _outagesAtAttach;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The session has run its command already.</exception>
    /// <exception cref="SandboxLostException">The sandbox had stopped before the command reached it: nothing ran.</exception>
    public Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default) =>
        Severed ? Task.FromException<ExecutionResult>(Lost()) : InterruptedCommand.RunAsync(context, ct => RunCommandAsync(command, ct), cancellationToken);

    // A sandbox (typically a warm pool's) whose gate did not survive an engine outage: the command is never handed to it.
    private SandboxLostException Lost()
    {
        Interlocked.Exchange(ref _used, 1);
        return new SandboxLostException(Id, $"the {context.Client.Dialect.Name} engine at {context.Client.Endpoint} stopped answering after it was started, and its connection did not survive that", engineWentAway: true);
    }

    private async Task<ExecutionResult> RunCommandAsync(SessionCommand command, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var (argv, workingDirectory, environment) = SessionExec.Validate(command, spec);
        if (Interlocked.Exchange(ref _used, 1) == 1) throw new InvalidOperationException($"Session {Id} is single-use and has run its command already.");
        // A warm sandbox started with a pending allow-list: the run's own is in force before its command is handed over.
        var egress = context.Egress;
        if (command.Egress is { } policy)
        {
            if (egress is null) throw new InvalidOperationException($"Session {Id} was started without an allow-list, so its command cannot bring one.");
            egress.Enforce(policy);
        }

        var timer = new PhaseTimer();
        var warnings = new List<string>();
        var gateMissing = context.GateMissing;
        var token = GateProtocol.NewToken();
        var directory = workingDirectory == spec.WorkingDirectory ? null : workingDirectory;
        var gateInput = gateMissing is null
            ? GateProtocol.Header(token, argv, directory, environment)
            : Encoding.UTF8.GetBytes(SessionScripts.GateInput(argv, directory, environment));
        var stdin = command.StandardInput is { } input ? [.. gateInput, .. input.Span] : gateInput;
        var timeout = command.Timeout ?? spec.Limits.Timeout;
        var hasTimeout = (ResourceLimits.Default with { Timeout = timeout }).HasTimeout;
        var attached = new AttachedCommand(stdin, hasTimeout ? timeout : null, command.OutputBytes ?? spec.Limits.OutputBytes, command.OnOutput ?? spec.OnOutput, spec.Limits.MemoryBytes is not null)
        {
            EndMarker = gateMissing is null ? GateProtocol.EndMarker(token) : null,
        };
        if (gateMissing is not null && context.Settings.CollectStats) warnings.Add($"cpuTime and peakMemory are unknown: {gateMissing}.");
        AttachedOutcome outcome;
        var handedOver = DateTimeOffset.UtcNow;
        try
        {
            outcome = await new AttachedContainerRun(context.Client, context.Settings, timer, warnings).RunAsync(context.ContainerId, gate, attached, start: null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: the command must not run on unobserved.
            await context.Client.KillAsync(context.ContainerId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (gateMissing is null && !outcome.GateReported && !outcome.TimedOut && await StoppedBeforeAsync(handedOver, cancellationToken).ConfigureAwait(false) is { } stopped)
        {
            throw new SandboxLostException(Id, $"it had stopped at {stopped:O} with exit code {outcome.ExitCode}: its engine restarted or it was stopped from outside", engineWentAway: Severed);
        }

        var result = outcome.ToResult(timer, context.ContainerId, context.Executor, context.Weakened, warnings);
        // The sandbox ran nothing before its command, so the whole audit is the command's.
        return egress is null ? result : result with { Network = await egress.SettledReportAsync().ConfigureAwait(false) };
    }

    // Without the gate's report the container's exit stands in for the command's; but a container that had stopped
    // before the command was handed over (an engine restart nobody called the engine during) never ran it, and its
    // exit code belongs to no command. Engine and client share a clock: a gate needs a local engine.
    private async Task<DateTimeOffset?> StoppedBeforeAsync(DateTimeOffset handedOver, CancellationToken cancellationToken)
    {
        var stopped = await context.Client.StoppedAtAsync(context.ContainerId, cancellationToken).ConfigureAwait(false);
        return stopped < handedOver ? stopped : null;
    }

    /// <inheritdoc />
    public Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default) => session.CopyInAsync(files, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        await UntilStoppedAsync(cancellationToken).ConfigureAwait(false);
        return await session.CopyOutAsync(paths, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CollectedOutput> CollectAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        await UntilStoppedAsync(cancellationToken).ConfigureAwait(false);
        return await session.CollectAsync(paths, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => session.DeleteAsync(paths, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A severed session reports no process: to a pool's health check it is dead.</remarks>
    public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        Severed ? Task.FromResult(new SessionStats(null, null, null, 0, null, null)) : session.GetStatsAsync(cancellationToken);

    // The gate exits right after reporting the command's end; on some engines files can be read only before that or
    // once the container has stopped, not in between.
    private Task UntilStoppedAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _used) == 0 ? Task.CompletedTask : context.Client.UntilArchiveReadableAsync(context.ContainerId, cancellationToken);

    /// <summary>Closes the gate's stream and removes the container. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        gate.Dispose();
        await session.DisposeAsync().ConfigureAwait(false);
    }
}
