namespace Sandbox.Server.Runs;

/// <summary>
/// The server's in-flight work. Each request that starts a sandbox takes a token here that is cancelled when its client
/// goes away or when shutdown's grace period ends; shutdown then waits until every one has finished (its sandbox removed).
/// </summary>
internal sealed class RunTracker : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _lock = new();
    private TaskCompletionSource _idle = CompletedIdle();
    private int _running;

    /// <summary>Whether shutdown has begun: new work is refused.</summary>
    public bool Stopping { get; private set; }

    /// <summary>Work in flight.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Starts tracking one request's work; the returned token ends with the request or at the end of the grace period.</summary>
    /// <param name="requestAborted">The request's own token.</param>
    /// <param name="duringShutdown">Accept it even when shutdown has begun (work handed to a peer, which this node only relays).</param>
    /// <exception cref="ServerStoppingException">Shutdown has begun.</exception>
    public TrackedRun Begin(CancellationToken requestAborted, bool duringShutdown = false)
    {
        lock (_lock)
        {
            if (Stopping && !duringShutdown) throw new ServerStoppingException();
            if (_running++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return new TrackedRun(this, CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _shutdown.Token));
    }

    /// <summary>
    /// Refuses new work, lets running work finish for <paramref name="grace"/>, then cancels what is left and waits (at
    /// most <paramref name="cleanup"/>) until it has removed its sandboxes.
    /// </summary>
    public async Task DrainAsync(TimeSpan grace, TimeSpan cleanup)
    {
        Task idle;
        lock (_lock)
        {
            Stopping = true;
            idle = _idle.Task;
        }

        if (await Finished(idle, grace).ConfigureAwait(false)) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await Finished(idle, cleanup).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _shutdown.Dispose();

    private static async Task<bool> Finished(Task idle, TimeSpan within)
    {
        await Task.WhenAny(idle, Task.Delay(within)).ConfigureAwait(false);
        return idle.IsCompleted;
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private void End()
    {
        lock (_lock)
        {
            if (--_running == 0) _idle.TrySetResult();
        }
    }

    /// <summary>One tracked request; dispose when its work (and the sandbox's removal) is over.</summary>
    internal sealed class TrackedRun(RunTracker tracker, CancellationTokenSource linked) : IDisposable
    {
        private int _ended;

        /// <summary>Cancelled when the client disconnects or the grace period ends.</summary>
        public CancellationToken Token => linked.Token;

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0) return;
            linked.Dispose();
            tracker.End();
        }
    }
}
