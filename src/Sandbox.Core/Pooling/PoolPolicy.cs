namespace Sandbox.Core.Pooling;

/// <summary>
/// How the warm pool treats one kind of sandbox (one pool key: executor, image, limits, network, security, environment,
/// working directory, mounts, labels). A pooled sandbox serves exactly one run and is then destroyed and replaced.
/// </summary>
public sealed record PoolPolicy
{
    /// <summary>The built-in policy: one warm sandbox, at most four live, idle for at most five minutes, wait up to 30 s.</summary>
    public static PoolPolicy Default { get; } = new();

    /// <summary>A policy that never pools: every run is cold.</summary>
    public static PoolPolicy Off { get; } = new() { Enabled = false, MinIdle = 0 };

    /// <summary>Whether runs of this kind use the pool at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Ready (started, unused) sandboxes kept waiting while the kind is in use; refilled in the background.</summary>
    public int MinIdle { get; init; } = 1;

    /// <summary>Live sandboxes of this kind at most: ready, in use, starting and being removed.</summary>
    public int MaxSize { get; init; } = 4;

    /// <summary>
    /// A ready sandbox unused for this long is destroyed; a kind unused for this long stops being refilled (unless it is
    /// warmed from configuration, then its sandboxes are replaced by fresh ones). <see cref="Timeout.InfiniteTimeSpan"/> = never.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What a run does when no ready sandbox is there.</summary>
    public PoolExhaustionMode WhenExhausted { get; init; } = PoolExhaustionMode.Wait;

    /// <summary>How long <see cref="PoolExhaustionMode.Wait"/> waits before failing. <see cref="Timeout.InfiniteTimeSpan"/> = until cancelled.</summary>
    public TimeSpan AcquireTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A ready sandbox last known healthy longer ago than this is checked (still running, answering) before it is handed
    /// out; one that fails is destroyed and the next is tried. <see cref="Timeout.InfiniteTimeSpan"/> = never check.
    /// </summary>
    public TimeSpan HealthCheckAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Return a successful run's result as soon as its outputs are collected and remove its sandbox in the background
    /// (still counted against <see cref="MaxSize"/> and the live-sandbox bound until it is gone). Saves the removal time
    /// (about a quarter of a second on Docker) per run; <see cref="Abstractions.ExecutionResult.CleanupSucceeded"/> then
    /// means the removal was started, a failure is logged and left to the orphan sweep, and the result has no
    /// <c>remove</c> phase. A failed or cancelled run is always removed before it returns. Off by default.
    /// </summary>
    public bool RemoveInBackground { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        if (FirstProblem() is { } problem) throw new ArgumentException(problem.Problem);
    }

    /// <summary>The first inconsistent setting (by its name in <c>sandbox.json</c>) and what is wrong; <c>null</c> when there is none.</summary>
    public (string Setting, string Problem)? FirstProblem()
    {
        if (MinIdle < 0) return ("minIdle", $"minIdle must not be negative, got {MinIdle}.");
        if (MaxSize < 1) return ("maxSize", $"maxSize must be at least 1, got {MaxSize}.");
        if (MinIdle > MaxSize) return ("minIdle", $"minIdle ({MinIdle}) must not exceed maxSize ({MaxSize}).");
        foreach (var (name, value) in new[] { ("idleTimeout", IdleTimeout), ("acquireTimeout", AcquireTimeout), ("healthCheckAfter", HealthCheckAfter) })
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) return (name, $"{name} must be positive or infinite, got {value}.");
        }

        return null;
    }

    /// <summary>Whether something idle (or unused) for <paramref name="elapsed"/> has outlived <see cref="IdleTimeout"/>.</summary>
    internal bool IsExpired(TimeSpan elapsed) => IdleTimeout != Timeout.InfiniteTimeSpan && elapsed >= IdleTimeout;

    /// <summary>Whether a sandbox verified <paramref name="elapsed"/> ago must be checked before it is handed out.</summary>
    internal bool NeedsHealthCheck(TimeSpan elapsed) => HealthCheckAfter != Timeout.InfiniteTimeSpan && elapsed >= HealthCheckAfter;
}
