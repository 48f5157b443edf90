using System.Diagnostics;

namespace Sandbox.Core.Pooling;

/// <summary>The pool's bookkeeping for one key. Guarded by the pool's lock.</summary>
internal sealed class KeyState(PoolKey key, PoolPolicy policy)
{
    public PoolKey Key => key;

    public PoolPolicy Policy { get; set; } = policy;

    /// <summary>Ready sandboxes, oldest first; runs take the newest (the most recently verified).</summary>
    public List<PooledSandbox> Idle { get; } = [];

    /// <summary>Runs waiting for a sandbox, first come first served.</summary>
    public LinkedList<PoolWaiter> Waiters { get; } = new();

    /// <summary>Sandboxes being started.</summary>
    public int Creating { get; set; }

    /// <summary>Sandboxes handed to a run, being health-checked or being removed.</summary>
    public int Busy { get; set; }

    /// <summary>Warmed from configuration or <see cref="PooledExecutor.WarmAsync"/>: kept at its minimum even when unused.</summary>
    public bool Pinned { get; set; }

    /// <summary>When a run last asked for this key.</summary>
    public long LastUsed { get; set; } = Stopwatch.GetTimestamp();

    /// <summary>Consecutive failed starts; drives the retry back-off of background refills.</summary>
    public int Failures { get; set; }

    /// <summary>Background refills wait until this timestamp after a failure.</summary>
    public long RetryAfter { get; set; }

    /// <summary>The last start failure, for <see cref="PooledExecutor.WarmAsync"/>.</summary>
    public Exception? LastError { get; set; }

    public int Total => Idle.Count + Creating + Busy;

    /// <summary>Whether the key is kept warm: pinned, or used within the idle timeout.</summary>
    public bool IsActive => Pinned || !Policy.IsExpired(Stopwatch.GetElapsedTime(LastUsed));

    public string Describe() => $"the warm pool of {Key} (maxSize {Policy.MaxSize})";
}

/// <summary>A run waiting for a sandbox of one key.</summary>
internal sealed class PoolWaiter
{
    public PoolWaiter() => Node = new LinkedListNode<PoolWaiter>(this);

    public LinkedListNode<PoolWaiter> Node { get; }

    public TaskCompletionSource<PooledSandbox> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
