namespace Sandbox.Core.Pooling;

/// <summary>What a run does when no warm sandbox of its kind is ready.</summary>
public enum PoolExhaustionMode
{
    /// <summary>Wait (up to <see cref="PoolPolicy.AcquireTimeout"/>) for one; the pool starts one when below its maximum.</summary>
    Wait = 0,

    /// <summary>Fail at once with <see cref="CapacityExhaustedException"/>.</summary>
    FailFast = 1,

    /// <summary>Run cold instead: a fresh sandbox created for this run only, as without a pool.</summary>
    Cold = 2,
}
