using System.Collections.Concurrent;
using Sandbox.Abstractions;

namespace Sandbox.Core.Tests.Pooling;

/// <summary>
/// An in-memory session executor: each sandbox is a <see cref="FakeSession"/> with its own files. It counts the sandboxes
/// alive at once (sessions and cold runs) so tests can prove bounds and leaks, and can be slowed, blocked or broken.
/// </summary>
internal sealed class FakeSessionExecutor : ISessionExecutor
{
    private int _live;
    private int _peak;
    private int _created;

    public string Name => "fake-sessions";

    public IsolationLevel IsolationLevel => IsolationLevel.Container;

    public ExecutorCapabilities Capabilities { get; set; } = new()
    {
        IsolationLevel = IsolationLevel.Container,
        Features = (SandboxFeatures)~0L & ~SandboxFeatures.Privileged,
    };

    /// <summary>How long starting a sandbox (session or cold run) takes.</summary>
    public TimeSpan StartDelay { get; set; }

    /// <summary>When set, starting a sandbox throws what it returns.</summary>
    public Func<Exception?>? StartFailure { get; set; }

    /// <summary>When set, removing a session waits for it.</summary>
    public Task? RemoveGate { get; set; }

    /// <summary>When set, removing a session throws this.</summary>
    public Exception? RemoveFailure { get; set; }

    public ConcurrentBag<FakeSession> Sessions { get; } = [];

    public int Live => Volatile.Read(ref _live);

    public int PeakLive => Volatile.Read(ref _peak);

    public int Created => Volatile.Read(ref _created);

    public int ColdRuns { get; private set; }

    public async Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default)
    {
        RequestGuard.Check(spec with { Command = ["idle"] }, Name, Capabilities);
        await StartAsync(cancellationToken);
        var session = new FakeSession(this, spec, $"session-{Interlocked.Increment(ref _created)}");
        Sessions.Add(session);
        return session;
    }

    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var weakened = RequestGuard.Check(request, Name, Capabilities);
        await StartAsync(cancellationToken);
        try
        {
            ColdRuns++;
            var sandbox = new FakeSession(this, request with { Files = [] }, $"cold-{request.Id}", counted: false);
            await sandbox.CopyInAsync(request.Files, cancellationToken);
            var result = await sandbox.ExecAsync(new SessionCommand { Command = request.Command, StandardInput = request.StandardInput, OnOutput = request.OnOutput }, cancellationToken);
            var collected = await sandbox.CollectAsync(request.OutputPaths, cancellationToken);
            return result with
            {
                Phases = [new PhaseTiming("create", StartDelay), .. result.Phases, new PhaseTiming("remove", TimeSpan.Zero)],
                OutputFiles = collected.Files, Warnings = collected.Warnings, WeakenedFeatures = weakened,
            };
        }
        finally
        {
            Ended();
        }
    }

    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => Task.FromResult(HealthReport.Ok("fake"));

    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(CleanupReport.Empty);

    internal void Ended() => Interlocked.Decrement(ref _live);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var live = Interlocked.Increment(ref _live);
        for (var peak = _peak; live > peak && Interlocked.CompareExchange(ref _peak, live, peak) != peak; peak = _peak)
        {
        }

        try
        {
            if (StartDelay > TimeSpan.Zero) await Task.Delay(StartDelay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (StartFailure?.Invoke() is { } failure) throw failure;
        }
        catch
        {
            Ended();
            throw;
        }
    }
}
