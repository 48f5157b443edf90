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
    public Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default) =>
        Severed ? Task.FromResult(NotRun()) : InterruptedCommand.RunAsync(context, ct => RunCommandAsync(command, ct), cancellationToken);

    // A sandbox (typically a warm pool's) whose gate did not survive an engine outage: the command never ran.
    private ExecutionResult NotRun()
    {
        Interlocked.Exchange(ref _used, 1);
        var engine = context.Client.Dialect.Name;
        return new ExecutionResult
        {
            Executor = context.Executor,
            IsolationLevel = IsolationLevel.Container,
            WeakenedFeatures = context.Weakened,
            SandboxId = context.ContainerId,
            Error = new ExecutionError(ErrorKind.EngineUnavailable,
                $"Sandbox {Id} was started before the {engine} engine at {context.Client.Endpoint} stopped answering, and its connection did not survive that; the command did not run. Run it again (a fresh sandbox is used)."),
        };
    }

    private async Task<ExecutionResult> RunCommandAsync(SessionCommand command, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var (argv, workingDirectory, environment) = SessionExec.Validate(command, spec);
        if (Interlocked.Exchange(ref _used, 1) == 1) throw new InvalidOperationException($"Session {Id} is single-use and has run its command already.");

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

        return outcome.ToResult(timer, context.ContainerId, context.Executor, context.Weakened, warnings);
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
