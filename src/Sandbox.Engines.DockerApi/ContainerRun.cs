using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// One request, one container: create → copy in → attach → start → wait (with timeout) → inspect → collect → remove.
/// The container's pid 1 is the framework's gate (<see cref="SandboxGate"/>), which runs the command and reports how
/// it ended and what it used; where the gate cannot be mounted the container's exit is the command's.
/// The container is removed on every path — success, failure, timeout and cancellation — before the result (or the
/// exception) is handed back. When the engine stops answering mid-run (a restart) the run waits for it, within
/// <see cref="ContainerEngineSettings.EngineRestartWaitSeconds"/>, then finishes the run if the container survived or
/// removes it; a run that could not be finished is a result with an <see cref="ErrorKind.EngineUnavailable"/> error
/// that names the sandbox and says, in <see cref="ExecutionResult.CleanupSucceeded"/>, whether it may remain.
/// </summary>
internal sealed class ContainerRun
{
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
        // The command runs under the framework's gate, which reports its end, status and figures (see SandboxGate).
        var gate = SandboxGate.For(_client, out var gateMissing);
        if (gate is not null) SandboxGate.Install(spec, gate);
        else if (_settings.CollectStats) _warnings.Add($"cpuTime and peakMemory are unknown: {gateMissing}.");

        AttachedOutcome? outcome = null;
        EgressNetwork? egress = null;
        NetworkReport? network = null;
        string? id = null;
        IReadOnlyList<CollectedFile> files = [];
        string? cleanupFailure = null;
        string? lost = null;
        var outage = new EngineOutage(_client, _settings.EngineRestartWait);
        try
        {
            if (_request.Egress.IsActive)
            {
                egress = await _timer.TimeAsync("egress", () => EgressNetwork.CreateAsync(_client, _request.Egress, labels, cancellationToken)).ConfigureAwait(false);
                egress.Apply(spec);
            }

            id = await _timer.TimeAsync("create", () => ContainerCreation.CreateAsync(_client, _settings, spec, _request.RegistryAuth, cancellationToken)).ConfigureAwait(false);
            if (layout.UsesVolumes)
            {
                cleanupFailure = await _timer.TimeAsync("copy-in", () => new InputStager(_client).CopyInAsync(id, spec, layout, user, cancellationToken)).ConfigureAwait(false);
            }

            (outcome, lost) = await ExecuteOrResumeAsync(id, gate is not null, outage, cancellationToken).ConfigureAwait(false);
            if (outcome is not null && layout.Outputs.Count > 0)
            {
                // The gate (pid 1) has exited, so the container may be stopping: some engines cannot copy out of it yet.
                if (gate is not null) await _client.UntilArchiveReadableAsync(id, cancellationToken).ConfigureAwait(false);
                var collected = await _timer.TimeAsync("collect", () => new OutputCollector(_client).CollectAsync(id, layout, _request.Limits.CollectedFilesBytes, cancellationToken)).ConfigureAwait(false);
                files = collected.Files;
                _warnings.AddRange(collected.Warnings);
            }
        }
        catch (EngineUnavailableException) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine went away around the command (or again after it came back): what was created can only be
            // removed, below, once it answers again.
            outcome = null;
            await outage.WaitAsync(id ?? name, cancellationToken).ConfigureAwait(false);
            lost ??= "how the run ended is unknown";
        }
        finally
        {
            // By name: a cancelled create gives no id, but returns only once the engine has made the container.
            // CancellationToken.None: a cancelled run must still be cleaned up; removal has its own timeouts.
            var removal = await _timer.TimeAsync("remove", () => RemoveAsync(name, outage, waitForEngine: !cancellationToken.IsCancellationRequested)).ConfigureAwait(false);
            cleanupFailure ??= removal;
            // After the container: its connections have ended, so the audit is complete once the proxy has stopped.
            if (egress is not null)
            {
                cleanupFailure ??= await egress.RemoveAsync().ConfigureAwait(false);
                network = egress.Report;
            }
        }

        if (cleanupFailure is not null) _warnings.Add($"Cleanup failed; `sandbox cleanup` will retry: {cleanupFailure}");
        _client.Logger.RunPhases(_client.Dialect.Name, id ?? name, string.Join(", ", _timer.Phases.Select(p => $"{p.Name} {p.Duration.TotalMilliseconds:0} ms")));
        if (outcome is null) return Lost(id ?? name, lost, outage, cleanupFailure) with { Network = network };
        return outcome.ToResult(_timer, id!, _executor, _weakened, _warnings) with
        {
            Network = network,
            OutputFiles = files,
            CleanupSucceeded = cleanupFailure is null,
        };
    }

    // The engine went away in the middle of the run: the result names the sandbox and says whether it may remain.
    private ExecutionResult Lost(string sandbox, string? why, EngineOutage outage, string? cleanupFailure)
    {
        var engine = _client.Dialect;
        var cleanup = cleanupFailure is null
            ? $"sandbox {EngineOutage.Short(sandbox)} was removed"
            : $"sandbox {EngineOutage.Short(sandbox)} may remain: `sandbox cleanup` removes it once the engine answers ({engine.StartRemedy})";
        var message = $"The {engine.Name} engine at {_client.Endpoint} stopped answering during the run and {outage.Description ?? "did not come back"}; {why}. The {cleanup}.";
        return new ExecutionResult
        {
            Executor = _executor,
            IsolationLevel = IsolationLevel.Container,
            WeakenedFeatures = _weakened,
            SandboxId = sandbox,
            Duration = _timer.Elapsed,
            Phases = _timer.Phases,
            Error = new ExecutionError(ErrorKind.EngineUnavailable, message),
            CleanupSucceeded = cleanupFailure is null,
            Warnings = _warnings,
        };
    }

    // A removal that failed because the engine is away is retried once it is back (within the run's one bounded wait;
    // not for a cancelled run, whose caller is not kept waiting).
    private async Task<string?> RemoveAsync(string name, EngineOutage outage, bool waitForEngine)
    {
        var remover = new ContainerRemover(_client);
        var failure = await remover.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false);
        if (failure is null || !waitForEngine || !await outage.WaitAsync(name, CancellationToken.None).ConfigureAwait(false)) return failure;
        return await remover.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false);
    }

    // The command's part; when the engine goes away meanwhile and comes back, finished (or found lost) by
    // InterruptedRun. Lost: why the run could not be finished.
    private async Task<(AttachedOutcome? Outcome, string? Lost)> ExecuteOrResumeAsync(string id, bool gated, EngineOutage outage, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return (await ExecuteAsync(id, gated, cancellationToken).ConfigureAwait(false), null);
        }
        catch (EngineUnavailableException) when (!cancellationToken.IsCancellationRequested)
        {
            if (!await outage.WaitAsync(id, cancellationToken).ConfigureAwait(false)) return (null, "how the command ended is unknown");
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var limits = _request.Limits;
            var rest = new AttachedCommand(null, limits.HasTimeout ? limits.Timeout : null, limits.OutputBytes, _request.OnOutput, limits.MemoryBytes is not null);
            return await new InterruptedRun(_client, _settings, _timer, _warnings).ResumeAsync(id, rest, elapsed, outage.Description!, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AttachedOutcome> ExecuteAsync(string id, bool gated, CancellationToken cancellationToken)
    {
        var token = GateProtocol.NewToken();
        // The gate reads its header and leaves the rest of stdin (the request's, or at once its end) to the command.
        ReadOnlyMemory<byte>? stdin = gated ? (byte[])[.. GateProtocol.Header(token, _request.Command, null, []), .. (_request.StandardInput ?? default).Span] : _request.StandardInput;
        using var stream = await _timer.TimeAsync("attach", () => _client.CallAsync("attach to the container", ct => _client.Api.Containers.AttachContainerAsync(
            id, tty: false, new ContainerAttachParameters { Stream = true, Stdin = stdin is not null, Stdout = true, Stderr = true }, ct), cancellationToken)).ConfigureAwait(false);
        var limits = _request.Limits;
        var command = new AttachedCommand(stdin, limits.HasTimeout ? limits.Timeout : null, limits.OutputBytes, _request.OnOutput, limits.MemoryBytes is not null)
        {
            EndMarker = gated ? GateProtocol.EndMarker(token) : null,
        };
        return await new AttachedContainerRun(_client, _settings, _timer, _warnings).RunAsync(id, stream, command,
            ct => _client.CallAsync("start the container", c => _client.Api.Containers.StartContainerAsync(id, new ContainerStartParameters(), c), ct), cancellationToken).ConfigureAwait(false);
    }
}
