using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;
using Sandbox.Core.Diagnostics;

namespace Sandbox.Core.Pooling;

/// <summary>
/// An executor decorator that serves one-shot runs from a warm pool of sandboxes started ahead of time, so a run does
/// not pay for a container start. Isolation is unchanged: each pooled sandbox is used by exactly one run and destroyed
/// afterwards (a replacement starts in the background), and results have the same shape, flags and phases as cold
/// runs, with a <c>pool-acquire</c> phase first. Runs the policy does not pool, and every run on an executor without
/// sessions, are cold runs. Every sandbox — pooled, cold or session — holds a slot of the shared
/// <see cref="SandboxLimiter"/>.
/// </summary>
/// <example>
/// <code>
/// await using var pooled = new PooledExecutor(docker, new PoolOptions { Enabled = true });
/// var result = await pooled.ExecuteAsync(ExecutionRequest.For("python3", "-c", "print(1)"));
/// </code>
/// </example>
public sealed class PooledExecutor : ISessionExecutor, IAsyncDisposable, IDisposable
{
    private readonly IExecutor _inner;
    private readonly LimitedExecutor _cold;
    private readonly PoolOptions _options;
    private readonly SandboxPool? _pool;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The executor; pooling needs an <see cref="ISessionExecutor"/> that advertises <see cref="SandboxFeatures.Sessions"/>.</param>
    /// <param name="options">The pool's configuration.</param>
    /// <param name="limiter">The runtime-wide live-sandbox bound; an unbounded one when <c>null</c>.</param>
    /// <param name="loggerFactory">Logging.</param>
    public PooledExecutor(IExecutor inner, PoolOptions options, SandboxLimiter? limiter = null, ILoggerFactory? loggerFactory = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _cold = new LimitedExecutor(inner, limiter ?? new SandboxLimiter(int.MaxValue));
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PooledExecutor>();
        // The pool's background work belongs to no run: it must not inherit the activity (trace) of whoever created it.
        using (ExecutionContext.SuppressFlow())
        {
            if (inner is ISessionExecutor sessions) _pool = new SandboxPool(sessions, _cold.Limiter, options, logger);
        }

        if (_pool is null && options.Enabled) logger.LogInformation("Executor {Executor} does not keep sessions; its runs are never pooled", inner.Name);
        SandboxMetrics.Track(this);
    }

    /// <summary>The executor that runs the requests.</summary>
    public IExecutor Inner => _inner;

    /// <summary>The live-sandbox bound this executor's sandboxes count against.</summary>
    public SandboxLimiter Limiter => _cold.Limiter;

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => _inner.IsolationLevel;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities => _inner.Capabilities;

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var policy = _options.PolicyFor(Name, request.Image);
        if (!CanPool(policy)) return await _cold.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Egress.IsActive && !_pool!.DefersEgressPolicy)
        {
            // Warm sandboxes are started before their run's policy is known; an executor that cannot put it in force
            // later gives an allow-list run a network and a proxy of its own, so it starts cold.
            var own = await _cold.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
            return own with { Warnings = [NotPooledForEgress, .. own.Warnings] };
        }

        // Refused exactly as a cold run would be, before a warm sandbox is taken.
        var weakened = RequestGuard.Check(request, Name, Capabilities);
        var timer = new PhaseTimer();
        string? lost = null;
        while (await timer.TimeAsync("pool-acquire", () => _pool!.AcquireAsync(PoolKey.For(Name, request), policy, request.Id, cancellationToken)).ConfigureAwait(false) is { } sandbox)
        {
            RunTelemetry.MarkWarm();
            try
            {
                var result = await new PooledRun(_pool!, sandbox, request, _inner, weakened, timer).RunAsync(cancellationToken).ConfigureAwait(false);
                return lost is null ? result : result with { Warnings = [lost, .. result.Warnings] };
            }
            catch (SandboxLostException ex) when (lost is null)
            {
                // It died while it waited (an engine restart inside the health-check window) and the command never ran:
                // the pool now checks every ready sandbox, so one more try gets a live one or a cold run.
                lost = $"A warm sandbox was lost before the run's command reached it and another was used: {ex.Message}";
            }
        }

        var cold = await _cold.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        return cold with { Phases = [.. timer.Phases, .. cold.Phases], Duration = timer.Elapsed, Warnings = lost is null ? cold.Warnings : [lost, .. cold.Warnings] };
    }

    /// <summary>
    /// Keeps runs like <paramref name="template"/> warm from now on and waits until the policy's minimum of ready sandboxes
    /// is there. Without pooling for it, warms up the executor (e.g. checks the image) instead.
    /// </summary>
    /// <exception cref="SandboxException">Starting a sandbox failed (engine unavailable, image missing, ...).</exception>
    public Task WarmAsync(ExecutionRequest template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var policy = _options.PolicyFor(Name, template.Image);
        return CanPool(policy)
            ? _pool!.WarmAsync(PoolKey.For(Name, template), policy, cancellationToken)
            : _inner.WarmupAsync(template.Image, cancellationToken);
    }

    /// <summary>Like <see cref="WarmAsync"/>, without waiting: the pool fills in the background.</summary>
    public void Pin(ExecutionRequest template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var policy = _options.PolicyFor(Name, template.Image);
        if (CanPool(policy)) _pool!.Pin(PoolKey.For(Name, template), policy);
    }

    /// <summary>What the pool holds now, per kind of sandbox.</summary>
    public IReadOnlyList<PoolKeyStatus> GetStatus() => _pool?.Snapshot() ?? [];

    /// <inheritdoc />
    public Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default) =>
        _cold.CreateSessionAsync(spec, cancellationToken);

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => _inner.HealthCheckAsync(cancellationToken);

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => _inner.WarmupAsync(image, cancellationToken);

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => _cold.CleanupAsync(cancellationToken);

    /// <summary>Destroys the ready sandboxes and stops refilling; runs in progress finish and remove their own.</summary>
    public ValueTask DisposeAsync()
    {
        SandboxMetrics.Forget(this);
        return _pool?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// <summary>Like <see cref="DisposeAsync"/>, for owners that only know <see cref="IDisposable"/> (a service provider disposed with plain <c>using</c>).</summary>
    public void Dispose() =>
        // The pool awaits with ConfigureAwait(false) throughout, so waiting here cannot deadlock on a captured context.
        DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The warning of a run that a pool would have served, had it no egress allow-list.</summary>
    public const string NotPooledForEgress = "Not served from the warm pool: this executor cannot put an allow-list in force on a warm sandbox, so the run started cold, with a network and proxy of its own.";

    private bool CanPool(PoolPolicy policy) => policy.Enabled && _pool is not null && _inner.Capabilities.Supports(SandboxFeatures.Sessions);
}
