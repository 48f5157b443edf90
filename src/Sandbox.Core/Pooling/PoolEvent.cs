namespace Sandbox.Core.Pooling;

/// <summary>What happened to a pooled sandbox.</summary>
public enum PoolEventKind
{
    /// <summary>A sandbox was started and is ready (or handed straight to a waiting run).</summary>
    Created = 0,

    /// <summary>Starting a sandbox failed; <see cref="PoolEvent.Error"/> says why.</summary>
    CreateFailed = 1,

    /// <summary>A ready sandbox was handed to a run (<see cref="PoolEvent.RequestId"/>).</summary>
    Leased = 2,

    /// <summary>A sandbox was removed; <see cref="PoolEvent.Reason"/> says why (used, expired, unhealthy, evicted, shutdown).</summary>
    Destroyed = 3,
}

/// <summary>One thing the pool did, for metrics and diagnostics (see <see cref="PoolOptions.OnEvent"/>).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Executor">The executor of the sandbox.</param>
/// <param name="SandboxId">The sandbox (session) id; <c>null</c> when none was created.</param>
public sealed record PoolEvent(PoolEventKind Kind, string Executor, string? SandboxId)
{
    /// <summary>The run a <see cref="PoolEventKind.Leased"/> sandbox went to.</summary>
    public string? RequestId { get; init; }

    /// <summary>Why a sandbox was destroyed.</summary>
    public string? Reason { get; init; }

    /// <summary>Why creating or removing a sandbox failed.</summary>
    public Exception? Error { get; init; }
}
