namespace Sandbox.Core.Pooling;

/// <summary>The runtime-wide bound on live sandboxes (the <c>concurrency</c> section of <c>sandbox.json</c>).</summary>
public sealed record ConcurrencyOptions
{
    /// <summary>The built-in bound.</summary>
    public const int DefaultMaxLiveSandboxes = 16;

    /// <summary>The defaults: 16 live sandboxes, queued runs wait until cancelled.</summary>
    public static ConcurrencyOptions Default { get; } = new();

    /// <summary>
    /// Sandboxes alive at once across the runtime: cold runs, pooled runs, warm idle sandboxes and sessions. Runs beyond it
    /// queue; a queued run's cancellation leaves the queue at once.
    /// </summary>
    public int MaxLiveSandboxes { get; init; } = DefaultMaxLiveSandboxes;

    /// <summary>How long a run waits in the queue before failing with <see cref="CapacityExhaustedException"/>; <c>null</c> = until cancelled.</summary>
    public TimeSpan? QueueTimeout { get; init; }
}
