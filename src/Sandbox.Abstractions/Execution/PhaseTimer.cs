using System.Diagnostics;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Abstractions;

/// <summary>
/// Records how long each phase of a run takes, for <see cref="ExecutionResult.Phases"/>. Inside a traced operation each
/// timed phase is also a child span (<see cref="SandboxTelemetry.PhaseSpan"/>, named after the phase).
/// </summary>
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
        using var activity = StartSpan(phase);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
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
        using var activity = StartSpan(phase);
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
        finally
        {
            Record(phase, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Starts the span of a phase timed without a <see cref="PhaseTimer"/>; dispose it when the phase ends. <c>null</c>
    /// (at the cost of a check) when nothing listens or no traced operation is current: a phase outside one (a warm pool
    /// refilling in the background) is no trace of its own.
    /// </summary>
    public static Activity? StartSpan(string phase)
    {
        if (Activity.Current is null || !SandboxTelemetry.Source.HasListeners()) return null;
        var activity = SandboxTelemetry.Source.StartActivity(SandboxTelemetry.PhaseSpan);
        if (activity is null) return null;
        activity.DisplayName = phase;
        return activity.SetTag(SandboxTelemetry.PhaseAttribute, phase);
    }

    // An exception filter that never catches: the span records the failure while the stack is intact.
    private static bool Failed(Activity? activity, Exception ex)
    {
        activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag(SandboxTelemetry.ErrorTypeAttribute, ex.GetType().Name);
        return false;
    }

    /// <summary>Records a phase measured elsewhere (no span: the timer that measured it had one).</summary>
    public void Record(string phase, TimeSpan duration)
    {
        lock (_gate) _phases.Add(new PhaseTiming(phase, duration));
    }
}
