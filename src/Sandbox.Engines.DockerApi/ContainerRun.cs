using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// One request, one container: create → copy in → attach → start → wait (with timeout) → inspect → collect → remove.
/// The container is removed on every path — success, failure, timeout and cancellation — before the result (or the
/// exception) is handed back.
/// </summary>
internal sealed class ContainerRun
{
    // After the container exited its attach stream closes at once; this only bounds a misbehaving engine.
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(10);

    private readonly EngineClient _client;
    private readonly ContainerEngineSettings _settings;
    private readonly ExecutionRequest _request;
    private readonly string _executor;
    private readonly SandboxFeatures _weakened;
    private readonly PhaseTimer _timer = new();
    private readonly List<string> _warnings = [];

    public ContainerRun(EngineClient client, ContainerEngineSettings settings, ExecutionRequest request, string executor, SandboxFeatures weakened)
    {
        _client = client;
        _settings = settings;
        _request = request;
        _executor = executor;
        _weakened = weakened;
    }

    public async Task<ExecutionResult> RunAsync(CancellationToken cancellationToken)
    {
        // Everything that can reject the request happens before anything exists on the engine.
        var user = WorkloadUser.Parse(_request.Security.User);
        var layout = ScratchLayout.For(_request, _client.Dialect);
        var image = _request.Image ?? _settings.DefaultImage ?? BuildDefaults.PythonImage;
        var seccomp = await SeccompProfile.LoadAsync(_request.Security, cancellationToken).ConfigureAwait(false);
        var name = $"sandbox-{_executor}-{Guid.NewGuid():N}";
        var labels = SandboxLabels.For(_executor, ProcessIdentity.Current, _request.Id, sessionId: null, DateTimeOffset.UtcNow, _request.Labels);
        var spec = ContainerSpecRenderer.Render(_request, new RenderContext(_client.Dialect, image, name, labels, layout, seccomp));

        Outcome outcome;
        string? cleanupFailure = null;
        try
        {
            var id = await _timer.TimeAsync("create", () => ContainerCreation.CreateAsync(_client, _settings, spec, cancellationToken)).ConfigureAwait(false);
            if (layout.UsesVolumes)
            {
                cleanupFailure = await _timer.TimeAsync("copy-in", () => new InputStager(_client).CopyInAsync(id, spec, layout, user, cancellationToken)).ConfigureAwait(false);
            }

            outcome = await ExecuteAsync(id, cancellationToken).ConfigureAwait(false);
            if (layout.Outputs.Count > 0)
            {
                var collected = await _timer.TimeAsync("collect", () => new OutputCollector(_client).CollectAsync(id, layout, _request.Limits.CollectedFilesBytes, cancellationToken)).ConfigureAwait(false);
                outcome = outcome with { Files = collected.Files };
                _warnings.AddRange(collected.Warnings);
            }
        }
        finally
        {
            // By name: the container exists even if the create call was cancelled after the engine acted on it.
            // CancellationToken.None: a cancelled run must still be cleaned up; removal has its own timeouts.
            var removal = await _timer.TimeAsync("remove", () => new ContainerRemover(_client).RemoveAsync(name, CancellationToken.None)).ConfigureAwait(false);
            cleanupFailure ??= removal;
        }

        if (cleanupFailure is not null) _warnings.Add($"Cleanup failed; `sandbox cleanup` will retry: {cleanupFailure}");
        _client.Logger.RunPhases(_client.Dialect.Name, outcome.Id, string.Join(", ", _timer.Phases.Select(p => $"{p.Name} {p.Duration.TotalMilliseconds:0} ms")));
        return new ExecutionResult
        {
            ExitCode = outcome.ExitCode,
            Stdout = outcome.Stdout.GetText(),
            Stderr = outcome.Stderr.GetText(),
            StdoutTruncated = outcome.Stdout.Truncated,
            StderrTruncated = outcome.Stderr.Truncated,
            TimedOut = outcome.TimedOut,
            OomKilled = outcome.OomKilled,
            Duration = _timer.Elapsed,
            Phases = _timer.Phases,
            Stats = outcome.Stats,
            OutputFiles = outcome.Files,
            SandboxId = outcome.Id,
            Executor = _executor,
            IsolationLevel = IsolationLevel.Container,
            WeakenedFeatures = _weakened,
            CleanupSucceeded = cleanupFailure is null,
            Warnings = _warnings,
        };
    }

    private async Task<Outcome> ExecuteAsync(string id, CancellationToken cancellationToken)
    {
        var stdin = _request.StandardInput;
        using var stream = await _timer.TimeAsync("attach", () => _client.CallAsync("attach to the container", ct => _client.Api.Containers.AttachContainerAsync(
            id, tty: false, new ContainerAttachParameters { Stream = true, Stdin = stdin is not null, Stdout = true, Stderr = true }, ct), cancellationToken)).ConfigureAwait(false);
        var pump = new OutputPump(stream, _request.Limits.OutputBytes, _request.OnOutput);
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumpTask = pump.RunAsync(pumping.Token);
        try
        {
            await _timer.TimeAsync("start", () => _client.CallAsync("start the container", ct => _client.Api.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct), cancellationToken)).ConfigureAwait(false);
            using var delivering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stdinTask = stdin is { } input ? pump.DeliverStdinAsync(input, delivering.Token) : Task.FromResult<string?>(null);
            var (exitCode, timedOut, sampler) = await _timer.TimeAsync("run", () => WaitAsync(id, cancellationToken)).ConfigureAwait(false);
            // The command has exited: input it never read is moot, and Docker holds the attach stream open while a
            // client is still writing to it.
            await delivering.CancelAsync().ConfigureAwait(false);

            if (await Task.WhenAny(pumpTask, Task.Delay(OutputDrainGrace, cancellationToken)).ConfigureAwait(false) != pumpTask)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _warnings.Add($"The output stream did not close within {OutputDrainGrace.TotalSeconds:0} s of the exit; output may be incomplete.");
            }

            if (await stdinTask.ConfigureAwait(false) is { } stdinProblem) _warnings.Add(stdinProblem);
            var oomKilled = await _timer.TimeAsync("inspect", () => WasOomKilledAsync(id, exitCode, timedOut, cancellationToken)).ConfigureAwait(false);
            return new Outcome(id, (int)exitCode, timedOut, oomKilled, pump.Stdout, pump.Stderr, sampler?.Stats ?? ExecutionStats.Unknown);
        }
        finally
        {
            await pumping.CancelAsync().ConfigureAwait(false);
            await pumpTask.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task<(long ExitCode, bool TimedOut, StatsSampler? Sampler)> WaitAsync(string id, CancellationToken cancellationToken)
    {
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = _settings.CollectStats ? new StatsSampler(_client, id) : null;
        var samplerTask = sampler?.RunAsync(sampling.Token) ?? Task.CompletedTask;
        try
        {
            var wait = _client.WaitForExitAsync(id, cancellationToken);
            var limits = _request.Limits;
            if (limits.HasTimeout && await Task.WhenAny(wait, Task.Delay(limits.Timeout!.Value, cancellationToken)).ConfigureAwait(false) != wait)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await KillAsync(id).ConfigureAwait(false);
                return (await wait.ConfigureAwait(false), true, sampler);
            }

            return (await wait.ConfigureAwait(false), false, sampler);
        }
        finally
        {
            await sampling.CancelAsync().ConfigureAwait(false);
            await samplerTask.ConfigureAwait(false);
        }
    }

    private async Task KillAsync(string id)
    {
        try
        {
            await _client.CallAsync("kill the container", ct => _client.Api.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "SIGKILL" }, ct), CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (EngineErrors.IsConflict(ex))
        {
            // It exited on its own between the timeout and the kill.
        }
    }

    private async Task<bool> WasOomKilledAsync(string id, long exitCode, bool timedOut, CancellationToken cancellationToken)
    {
        if (_client.Dialect.ReportsOomKilled)
        {
            var inspect = await _client.CallAsync("inspect the container", ct => _client.Api.Containers.InspectContainerAsync(id, ct), cancellationToken).ConfigureAwait(false);
            return inspect.State.OOMKilled;
        }

        // The engine does not say (Podman). A SIGKILL (137) that the framework did not send, under a memory limit, is
        // the OOM killer's signature. Stats cannot confirm it: the samples of a short run end before the limit is hit.
        return exitCode == 137 && !timedOut && _request.Limits.MemoryBytes is not null;
    }

    private sealed record Outcome(string Id, int ExitCode, bool TimedOut, bool OomKilled, OutputCapture Stdout, OutputCapture Stderr, ExecutionStats Stats)
    {
        public IReadOnlyList<CollectedFile> Files { get; init; } = [];
    }
}
