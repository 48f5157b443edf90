using Docker.DotNet;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// The part of a run that one-shot containers and single-use sessions share: with the container attached, start it (a
/// one-shot run) or hand its waiting gate the command (a single-use session), deliver stdin, wait for the end under
/// the timeout (the container is killed when it expires), drain the output and tell an OOM kill apart. With a gate
/// (<see cref="AttachedCommand.EndMarker"/>) the exit status, OOM counter and figures are the gate's report.
/// </summary>
internal sealed class AttachedContainerRun(EngineClient client, ContainerEngineSettings settings, PhaseTimer timer, List<string> warnings)
{
    // After the container exited its attach stream closes at once; this only bounds a misbehaving engine.
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(10);

    /// <param name="id">The container.</param>
    /// <param name="stream">Its attach stream, opened before it started so that no output is lost.</param>
    /// <param name="command">What the command gets and is held to.</param>
    /// <param name="start">Starts the container; <c>null</c> when it already runs and waits for its stdin.</param>
    /// <param name="cancellationToken">Cancels the run (the caller removes the container).</param>
    public async Task<AttachedOutcome> RunAsync(string id, MultiplexedStream stream, AttachedCommand command, Func<CancellationToken, Task>? start, CancellationToken cancellationToken)
    {
        var pump = new OutputPump(stream, command.OutputBytes, command.OnOutput, endMarker: command.EndMarker);
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumpTask = pump.RunAsync(pumping.Token);
        try
        {
            if (start is not null) await timer.TimeAsync("start", () => start(cancellationToken)).ConfigureAwait(false);
            using var delivering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stdinTask = command.Stdin is { } input ? pump.DeliverStdinAsync(input, delivering.Token) : Task.FromResult<string?>(null);
            var (exitCode, timedOut, report) = await timer.TimeAsync("run", () => WaitAsync(id,
                command.EndMarker is null ? ExitAsync(id, cancellationToken) : EndOfCommandAsync(id, pump, pumpTask, cancellationToken),
                command.Timeout, cancellationToken)).ConfigureAwait(false);
            // The command has exited: input it never read is moot, and Docker holds the attach stream open while a
            // client is still writing to it.
            await delivering.CancelAsync().ConfigureAwait(false);

            if (await Task.WhenAny(pumpTask, Task.Delay(OutputDrainGrace, cancellationToken)).ConfigureAwait(false) != pumpTask)
            {
                cancellationToken.ThrowIfCancellationRequested();
                warnings.Add($"The output stream did not close within {OutputDrainGrace.TotalSeconds:0} s of the exit; output may be incomplete.");
            }

            if (await stdinTask.ConfigureAwait(false) is { } stdinProblem) warnings.Add(stdinProblem);
            // The gate's container ran nothing before the command, so any OOM kill in it was the command's.
            var oomKilled = report?.OomKills is { } kills
                ? exitCode == 137 && !timedOut && kills > 0
                : await timer.TimeAsync("inspect", () => WasOomKilledAsync(id, exitCode, timedOut, command.MemoryLimited, command.EndMarker is not null, cancellationToken)).ConfigureAwait(false);
            return new AttachedOutcome((int)exitCode, timedOut, oomKilled, pump.Stdout, pump.Stderr, Figures(command, report), report is not null);
        }
        finally
        {
            await pumping.CancelAsync().ConfigureAwait(false);
            await pumpTask.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <param name="id">The container.</param>
    /// <param name="ended">Completes with how the command ended: the container's exit, or the gate's report.</param>
    /// <param name="timeout">When the container is killed.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    private async Task<(long ExitCode, bool TimedOut, GateReport? Report)> WaitAsync(
        string id, Task<(long ExitCode, GateReport? Report)> ended, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is { } limit && await Task.WhenAny(ended, Task.Delay(limit, cancellationToken)).ConfigureAwait(false) != ended)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await client.KillAsync(id, CancellationToken.None).ConfigureAwait(false);
            return (await client.WaitForExitAsync(id, cancellationToken).ConfigureAwait(false), true, null);
        }

        var (exitCode, report) = await ended.ConfigureAwait(false);
        return (exitCode, false, report);
    }

    // The figures come from the gate's report only (the container's own cgroup, read by its pid 1): no other source in
    // reach is exact, and a sampled figure would be presented as one.
    private ExecutionStats Figures(AttachedCommand command, GateReport? report)
    {
        if (!settings.CollectStats || command.EndMarker is null) return ExecutionStats.Unknown;
        if (report is null)
        {
            warnings.Add("cpuTime and peakMemory are unknown: the container was stopped before its gate could read its cgroup (timeout or kill).");
            return ExecutionStats.Unknown;
        }

        if (report.Stats.CpuTime is null || report.Stats.PeakMemoryBytes is null)
            warnings.Add("Some of cpuTime and peakMemory are unknown: the container's cgroup counters could not be read inside it (no cgroup mount, or a kernel without memory.peak).");
        return report.Stats;
    }

    private async Task<(long ExitCode, GateReport? Report)> ExitAsync(string id, CancellationToken cancellationToken) =>
        (await client.WaitForExitAsync(id, cancellationToken).ConfigureAwait(false), null);

    // The pump stops at the gate's end lines; without them (the container was killed from outside) the stream ended with
    // the container, whose exit then says how the command ended.
    private async Task<(long ExitCode, GateReport? Report)> EndOfCommandAsync(string id, OutputPump pump, Task pumpTask, CancellationToken cancellationToken)
    {
        try
        {
            await pumpTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The stream broke: the container's exit below still tells how the command ended.
        }

        if (GateProtocol.ParseEnd(pump.EndStatus) is { } end) return (end.ExitCode, end);
        return await ExitAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> WasOomKilledAsync(string id, long exitCode, bool timedOut, bool memoryLimited, bool stillStopping, CancellationToken cancellationToken)
    {
        // The engine records an OOM kill when the container exits, which a gate's container may not have done yet.
        if (client.Dialect.ReportsOomKilled && !stillStopping)
        {
            var inspect = await client.CallAsync("inspect the container", ct => client.Api.Containers.InspectContainerAsync(id, ct), cancellationToken).ConfigureAwait(false);
            return inspect.State.OOMKilled;
        }

        // The engine does not say (Podman). A SIGKILL (137) that the framework did not send, under a memory limit, is
        // the OOM killer's signature. Stats cannot confirm it: the samples of a short run end before the limit is hit.
        return exitCode == 137 && !timedOut && memoryLimited;
    }
}
