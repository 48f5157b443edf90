using System.Diagnostics;

namespace Sandbox.Abstractions;

/// <summary>Records how long each phase of a run takes, for <see cref="ExecutionResult.Phases"/>.</summary>
public sealed class PhaseTimer
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<PhaseTiming> _phases = [];
    private readonly object _gate = new();

    /// <summary>Time since the timer was created.</summary>
    public TimeSpan Elapsed => _total.Elapsed;

    /// <summary>The phases recorded so far, in the order they ended.</summary>
    public IReadOnlyList<PhaseTiming> Phases
    {
        get
        {
            lock (_gate) return [.. _phases];
        }
    }

    /// <summary>Runs <paramref name="action"/> and records it as <paramref name="phase"/>, even when it throws.</summary>
    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            Record(phase, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Runs <paramref name="action"/> and records it as <paramref name="phase"/>, even when it throws.</summary>
    public async Task TimeAsync(string phase, Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            Record(phase, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Records a phase measured elsewhere.</summary>
    public void Record(string phase, TimeSpan duration)
    {
        lock (_gate) _phases.Add(new PhaseTiming(phase, duration));
    }
}
