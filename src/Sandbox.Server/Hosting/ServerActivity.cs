using System.Diagnostics;

namespace Sandbox.Server.Hosting;

/// <summary>Whether the server is being called: the calls in flight, and how long it has been since the last one ended.</summary>
internal sealed class ServerActivity
{
    private readonly object _lock = new();
    private int _inFlight;
    private long _lastEnded = Stopwatch.GetTimestamp();

    /// <summary>How long no call has been in flight (zero while one is).</summary>
    public TimeSpan Idle
    {
        get
        {
            lock (_lock) return _inFlight > 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_lastEnded);
        }
    }

    /// <summary>Counts one call in flight until the result is disposed.</summary>
    public IDisposable Begin()
    {
        lock (_lock) _inFlight++;
        return new Call(this);
    }

    private void End()
    {
        lock (_lock)
        {
            _inFlight--;
            _lastEnded = Stopwatch.GetTimestamp();
        }
    }

    private sealed class Call(ServerActivity activity) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) activity.End();
        }
    }
}
