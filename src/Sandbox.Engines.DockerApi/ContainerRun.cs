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
/// exception) is handed back.
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

        AttachedOutcome outcome;
        string? id = null;
        IReadOnlyList<CollectedFile> files = [];
        string? cleanupFailure = null;
        try
        {
            id = await _timer.TimeAsync("create", () => ContainerCreation.CreateAsync(_client, _settings, spec, cancellationToken)).ConfigureAwait(false);
            if (layout.UsesVolumes)
            {
                cleanupFailure = await _timer.TimeAsync("copy-in", () => new InputStager(_client).CopyInAsync(id, spec, layout, user, cancellationToken)).ConfigureAwait(false);
            }

            outcome = await ExecuteAsync(id, gated: gate is not null, cancellationToken).ConfigureAwait(false);
            if (layout.Outputs.Count > 0)
            {
                var collected = await _timer.TimeAsync("collect", () => new OutputCollector(_client).CollectAsync(id, layout, _request.Limits.CollectedFilesBytes, cancellationToken)).ConfigureAwait(false);
                files = collected.Files;
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
        _client.Logger.RunPhases(_client.Dialect.Name, id, string.Join(", ", _timer.Phases.Select(p => $"{p.Name} {p.Duration.TotalMilliseconds:0} ms")));
        return outcome.ToResult(_timer, id, _executor, _weakened, _warnings) with
        {
            OutputFiles = files,
            CleanupSucceeded = cleanupFailure is null,
        };
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
