using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>
/// One run on a warm sandbox: copy the files in, run the command, collect the outputs, then destroy the sandbox — on
/// every path, before the result (or the exception) is handed back. The result has the shape of a cold run's. A sandbox
/// found dead before its command reached it throws <see cref="SandboxLostException"/>: nothing ran, the caller may retry.
/// </summary>
internal sealed class PooledRun(SandboxPool pool, PooledSandbox sandbox, ExecutionRequest request, IExecutor executor, SandboxFeatures weakened, PhaseTimer timer)
{
    public async Task<ExecutionResult> RunAsync(CancellationToken cancellationToken)
    {
        var session = sandbox.Session;
        var warnings = new List<string>();
        IReadOnlyList<CollectedFile> files = [];
        ExecutionResult outcome;
        string? cleanupFailure = null;
        var completed = false;
        try
        {
            if (request.Files.Count > 0) await timer.TimeAsync("copy-in", () => session.CopyInAsync(request.Files, cancellationToken)).ConfigureAwait(false);
            outcome = await session.ExecAsync(Command(), cancellationToken).ConfigureAwait(false);
            if (outcome.Error?.Kind == ErrorKind.EngineUnavailable) pool.DistrustReady();
            foreach (var phase in outcome.Phases) timer.Record(phase.Name, phase.Duration);
            warnings.AddRange(outcome.Warnings);
            if (request.OutputPaths.Count > 0)
            {
                var collected = await timer.TimeAsync("collect", () => session.CollectAsync(request.OutputPaths, cancellationToken)).ConfigureAwait(false);
                files = collected.Files;
                warnings.AddRange(collected.Warnings);
            }

            completed = true;
        }
        catch (SandboxException ex) when (ex is EngineUnavailableException or SandboxLostException)
        {
            // Sandboxes that waited beside this one may have died with it.
            pool.DistrustReady();
            throw;
        }
        finally
        {
            // Never reused: whatever the run did stays with this sandbox.
            if (completed && sandbox.Owner.Policy.RemoveInBackground) pool.DestroyLater(sandbox, "used");
            else cleanupFailure = await timer.TimeAsync("remove", () => pool.DestroyAsync(sandbox, "used")).ConfigureAwait(false);
        }

        if (cleanupFailure is not null) warnings.Add($"Cleanup failed; `sandbox cleanup` will retry: {cleanupFailure}");
        return outcome with
        {
            Duration = timer.Elapsed,
            Phases = timer.Phases,
            OutputFiles = files,
            SandboxId = session.Id,
            Executor = executor.Name,
            IsolationLevel = executor.IsolationLevel,
            WeakenedFeatures = weakened | outcome.WeakenedFeatures,
            CleanupSucceeded = cleanupFailure is null,
            Warnings = warnings,
        };
    }

    // Everything else (environment, working directory, limits, network) was fixed when the sandbox was created from the key.
    private SessionCommand Command() => new()
    {
        Command = request.Command,
        StandardInput = request.StandardInput,
        Timeout = request.Limits.HasTimeout ? request.Limits.Timeout : Timeout.InfiniteTimeSpan,
        OutputBytes = request.Limits.OutputBytes,
        OnOutput = request.OnOutput,
        // The sandbox was started with a pending allow-list (see PoolKey): the run's own is put in force with its command.
        Egress = request.Egress.IsActive ? request.Egress : null,
    };
}
