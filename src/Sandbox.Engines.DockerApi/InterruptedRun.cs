using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// A one-shot run whose engine stopped answering while the command ran, once the engine answers again. A container
/// that survived the restart (Podman's conmon holds it; Docker with <c>live-restore</c>) is attached again and its run
/// finished under what is left of the timeout; one that exited meanwhile on such an engine gives its own exit code.
/// A container the restart stopped (Docker without <c>live-restore</c>) ran for an unknown part of its command: the
/// run is lost. The caller removes the container on every path.
/// </summary>
internal sealed class InterruptedRun(EngineClient client, ContainerEngineSettings settings, PhaseTimer timer, List<string> warnings)
{
    /// <param name="id">The container.</param>
    /// <param name="command">What the rest of the command is held to (its stdin was delivered, or not, before the outage).</param>
    /// <param name="elapsed">How long the command has run, counted against its timeout.</param>
    /// <param name="outage">What happened to the engine ("came back after 3 s"), for messages.</param>
    /// <param name="cancellationToken">Cancels the rest of the run.</param>
    /// <returns>The finished run, or why it cannot be finished.</returns>
    public async Task<(AttachedOutcome? Outcome, string? Lost)> ResumeAsync(string id, AttachedCommand command, TimeSpan elapsed, string outage, CancellationToken cancellationToken)
    {
        ContainerInspectResponse inspect;
        try
        {
            inspect = await client.CallAsync("inspect the container", ct => client.Api.Containers.InspectContainerAsync(id, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
        {
            return (null, "its sandbox was gone");
        }

        var state = inspect.State;
        var engine = client.Dialect.Name;
        if (state.Running)
        {
            warnings.Add($"The {engine} engine stopped answering during the run and {outage}; the sandbox survived and the run was finished, "
                         + "but what the command wrote before the engine came back is missing from the output, and CPU and memory figures are not available.");
            var outcome = await FinishAsync(id, command, elapsed, cancellationToken).ConfigureAwait(false);
            return (outcome with { Stats = ExecutionStats.Unknown }, null);
        }

        var started = state.StartedAt is { Length: > 0 } at && !at.StartsWith("0001-", StringComparison.Ordinal);
        // Podman reports a container whose process exited but whose clean-up has not run yet as "stopped".
        if (started && state.Status is ("exited" or "stopped") && await OutlivesEngineAsync(cancellationToken).ConfigureAwait(false))
        {
            // It ended while the engine was away, by itself: the exit code is the command's own.
            warnings.Add($"The {engine} engine stopped answering during the run and {outage}; the command ended meanwhile, "
                         + "so its output is missing and CPU and memory figures are not available.");
            var exitCode = (int)state.ExitCode;
            var oomKilled = exitCode == 137 && (state.OOMKilled || (!client.Dialect.ReportsOomKilled && command.MemoryLimited));
            var empty = new OutputCapture(OutputStream.Stdout, 0);
            return (new AttachedOutcome(exitCode, false, oomKilled, empty, new OutputCapture(OutputStream.Stderr, 0), ExecutionStats.Unknown), null);
        }

        // Without live-restore the restarted engine stops what ran: an exit code found now may be the engine's doing.
        return (null, started
            ? $"its sandbox had stopped by then (status {state.Status}, exit code {state.ExitCode}) and a restart without live-restore stops sandboxes, so how the command ended is unknown"
            : "its sandbox never started");
    }

    // The rest of the run: attached again (only output from now on reaches the result), under the rest of the timeout.
    private async Task<AttachedOutcome> FinishAsync(string id, AttachedCommand command, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var stream = await client.CallAsync("attach to the container again", ct => client.Api.Containers.AttachContainerAsync(
            id, tty: false, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, ct), cancellationToken).ConfigureAwait(false);
        using (stream)
        {
            var remaining = command.Timeout is { } timeout ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (timeout - elapsed).Ticks)) : (TimeSpan?)null;
            var rest = command with { Stdin = null, Timeout = remaining };
            return await new AttachedContainerRun(client, settings, timer, warnings).RunAsync(id, stream, rest, start: null, cancellationToken).ConfigureAwait(false);
        }
    }

    // Docker keeps containers through a restart only with live-restore, which the restarted daemon reports.
    private async Task<bool> OutlivesEngineAsync(CancellationToken cancellationToken)
    {
        if (client.Dialect.ContainersOutliveEngine) return true;
        var info = await client.InfoAsync(cancellationToken).ConfigureAwait(false);
        return info.LiveRestoreEnabled;
    }
}
