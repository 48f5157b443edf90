using System.Diagnostics;

namespace Sandbox.Core.Pooling;

/// <summary>
/// The pool's bookkeeping for one key, and the only place its sandboxes change state: <b>creating</b> (being started)
/// → <b>idle</b> (ready) → <b>busy</b> (handed to a run, being health-checked) → <b>removing</b> (counted as busy until
/// gone); a started sandbox may go straight to a waiting run, and an idle one straight to removal (expired, evicted,
/// shutdown). Guarded by the pool's lock; invariants are checked after every transition in debug builds.
/// </summary>
internal sealed class KeyState(PoolKey key, PoolPolicy policy)
{
    // Ready sandboxes, oldest first; runs take the newest (the most recently verified).
    private readonly List<PooledSandbox> _idle = [];

    // Runs waiting for a sandbox, first come first served.
    private readonly LinkedList<PoolWaiter> _waiters = new();

    public PoolKey Key => key;

    public PoolPolicy Policy { get; set; } = policy;

    /// <summary>Sandboxes being started.</summary>
    public int Creating { get; private set; }

    /// <summary>Sandboxes handed to a run, being health-checked or being removed.</summary>
    public int Busy { get; private set; }

    /// <summary>Ready sandboxes.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Runs waiting for a sandbox.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>The ready sandbox that became ready first, if any.</summary>
    public PooledSandbox? OldestIdle => _idle.Count > 0 ? _idle[0] : null;

    /// <summary>Warmed from configuration or <see cref="PooledExecutor.WarmAsync"/>: kept at its minimum even when unused.</summary>
    public bool Pinned { get; set; }

    /// <summary>When a run last asked for this key.</summary>
    public long LastUsed { get; private set; } = Stopwatch.GetTimestamp();

    /// <summary>Consecutive failed starts; drives the retry back-off of background refills.</summary>
    public int Failures { get; private set; }

    /// <summary>Background refills wait until this timestamp after a failure.</summary>
    public long RetryAfter { get; private set; }

    /// <summary>The last start failure, for <see cref="PooledExecutor.WarmAsync"/>.</summary>
    public Exception? LastError { get; private set; }

    public int Total => _idle.Count + Creating + Busy;

    /// <summary>Whether the key is kept warm: pinned, or used within the idle timeout.</summary>
    public bool IsActive => Pinned || !Policy.IsExpired(Stopwatch.GetElapsedTime(LastUsed));

    public string Describe() => $"the warm pool of {Key} (maxSize {Policy.MaxSize})";

    public PoolKeyStatus Status() => new(Key.Executor, Key.Spec.Image, _idle.Count, Busy, Creating, _waiters.Count, Pinned);

    /// <summary>A run asks: idle → busy (the newest ready sandbox), else <c>null</c>.</summary>
    public PooledSandbox? TakeIdle()
    {
        LastUsed = Stopwatch.GetTimestamp();
        if (_idle.Count == 0) return null;
        var sandbox = _idle[^1];
        _idle.RemoveAt(_idle.Count - 1);
        Busy++;
        return Checked(sandbox);
    }

    /// <summary>A run waits for the next sandbox of this key.</summary>
    public PoolWaiter AddWaiter()
    {
        Debug.Assert(_idle.Count == 0, "a run waits only when nothing is ready");
        var waiter = new PoolWaiter();
        _waiters.AddLast(waiter.Node);
        return Checked(waiter);
    }

    /// <summary>A waiting run gave up; <c>false</c> when a sandbox was handed to it meanwhile.</summary>
    public bool RemoveWaiter(PoolWaiter waiter)
    {
        if (waiter.Node.List is null) return false;
        _waiters.Remove(waiter.Node);
        return Checked(true);
    }

    /// <summary>→ creating: a start was planned.</summary>
    public void StartPlanned()
    {
        Creating++;
        Checked(0);
    }

    /// <summary>
    /// creating → idle, or → busy for the longest-waiting run (returned, already completed), or → removing when the pool
    /// shut down meanwhile (<paramref name="shutdown"/>; the caller removes it).
    /// </summary>
    public PoolWaiter? Started(PooledSandbox sandbox, bool shutdown)
    {
        Debug.Assert(Creating > 0, "a start finished that was never planned");
        Creating--;
        Failures = 0;
        LastError = null;
        if (!shutdown) return Offer(sandbox);
        Busy++;
        return Checked<PoolWaiter?>(null);
    }

    /// <summary>creating → gone: the start failed. Returns the longest-waiting run, which fails with the same error.</summary>
    public PoolWaiter? StartFailed(Exception error, TimeSpan backoff, bool shutdown)
    {
        Debug.Assert(Creating > 0, "a start failed that was never planned");
        Creating--;
        if (shutdown) return Checked<PoolWaiter?>(null);
        Failures++;
        LastError = error;
        RetryAfter = Stopwatch.GetTimestamp() + (long)(backoff.TotalSeconds * Stopwatch.Frequency);
        if (_waiters.First is not { } first) return Checked<PoolWaiter?>(null);
        _waiters.RemoveFirst();
        return Checked<PoolWaiter?>(first.Value);
    }

    /// <summary>busy → idle (or → busy for a waiting run): a run did not use the sandbox it took.</summary>
    public PoolWaiter? ReturnedUnused(PooledSandbox sandbox)
    {
        Debug.Assert(Busy > 0, "a sandbox came back that was not busy");
        Busy--;
        return Offer(sandbox);
    }

    /// <summary>removing → gone.</summary>
    public void Removed()
    {
        Debug.Assert(Busy > 0, "a sandbox was removed that was not busy");
        Busy--;
        Checked(0);
    }

    /// <summary>idle → removing: the ready sandboxes idle longer than the policy allows.</summary>
    public IReadOnlyList<PooledSandbox> TakeExpired()
    {
        var stale = _idle.TakeWhile(s => Policy.IsExpired(Stopwatch.GetElapsedTime(s.IdleSince))).ToList();
        _idle.RemoveRange(0, stale.Count);
        Busy += stale.Count;
        return Checked(stale);
    }

    /// <summary>idle → removing: the oldest ready sandbox makes room for a queued run.</summary>
    public PooledSandbox? EvictOldest()
    {
        if (_idle.Count == 0) return null;
        var victim = _idle[0];
        _idle.RemoveAt(0);
        Busy++;
        return Checked(victim);
    }

    /// <summary>Shutdown: every idle sandbox → removing; the waiting runs are returned (to fail) and forgotten.</summary>
    public (IReadOnlyList<PooledSandbox> Idle, IReadOnlyList<PoolWaiter> Waiters) ShutDown()
    {
        var idle = _idle.ToList();
        var waiters = _waiters.ToList();
        Busy += idle.Count;
        _idle.Clear();
        _waiters.Clear();
        return Checked((idle, waiters));
    }

    // A sandbox goes to the longest-waiting run, else joins the ready ones.
    private PoolWaiter? Offer(PooledSandbox sandbox)
    {
        if (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            Busy++;
            first.Value.Completion.SetResult(sandbox);
            return Checked<PoolWaiter?>(first.Value);
        }

        sandbox.IdleSince = Stopwatch.GetTimestamp();
        _idle.Add(sandbox);
        return Checked<PoolWaiter?>(null);
    }

    private T Checked<T>(T result)
    {
        Debug.Assert(Creating >= 0 && Busy >= 0, $"negative count in {Key}: creating {Creating}, busy {Busy}");
        Debug.Assert(_idle.Count == 0 || _waiters.Count == 0, $"{Key} has ready sandboxes and waiting runs at once");
        Debug.Assert(_idle.All(s => s.Owner == this), $"{Key} holds a ready sandbox of another key");
        return result;
    }
}

/// <summary>A run waiting for a sandbox of one key.</summary>
internal sealed class PoolWaiter
{
    public PoolWaiter() => Node = new LinkedListNode<PoolWaiter>(this);

    public LinkedListNode<PoolWaiter> Node { get; }

    public TaskCompletionSource<PooledSandbox> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
