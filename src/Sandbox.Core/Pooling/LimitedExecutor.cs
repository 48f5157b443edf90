using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Core.Diagnostics;

namespace Sandbox.Core.Pooling;

/// <summary>
/// An executor whose runs and sessions each hold a slot of a shared <see cref="SandboxLimiter"/> while their sandbox
/// lives: beyond the limit, runs queue. Results gain a <c>queue</c> phase.
/// </summary>
public sealed class LimitedExecutor : ISessionExecutor
{
    private readonly IExecutor _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public LimitedExecutor(IExecutor inner, SandboxLimiter limiter)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        Limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
    }

    /// <summary>The executor that runs the requests.</summary>
    public IExecutor Inner => _inner;

    /// <summary>The limiter shared with the rest of the runtime.</summary>
    public SandboxLimiter Limiter { get; }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => _inner.IsolationLevel;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities => _inner.Capabilities;

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        // A malformed request is refused before it queues, as it would be before any sandbox exists.
        RequestGuard.Validate(request);
        var started = Stopwatch.GetTimestamp();
        SandboxSlot acquired;
        using (PhaseTimer.StartSpan("queue")) acquired = await Limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var slot = acquired;
        var queued = Stopwatch.GetElapsedTime(started);
        var result = await _inner.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        return result with { Phases = [new PhaseTiming("queue", queued), .. result.Phases], Duration = result.Duration + queued };
    }

    /// <inheritdoc />
    /// <exception cref="CapabilityNotSupportedException">The executor does not keep sessions.</exception>
    public Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default)
    {
        if (_inner is not ISessionExecutor sessions || !_inner.Capabilities.Supports(SandboxFeatures.Sessions))
            throw new CapabilityNotSupportedException(Name, SandboxFeatures.Sessions, _inner.Capabilities.Limitations);
        return LimitedSession.CreateAsync(Limiter, ct => sessions.CreateSessionAsync(spec, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => _inner.HealthCheckAsync(cancellationToken);

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => _inner.WarmupAsync(image, cancellationToken);

    /// <inheritdoc />
    public async Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default)
    {
        var report = await _inner.CleanupAsync(cancellationToken).ConfigureAwait(false);
        SandboxMetrics.Swept(Name, report);
        return report;
    }
}
