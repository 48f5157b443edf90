using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.TestUtilities;

/// <summary>
/// In-memory listeners for the framework's spans and metrics. Spans are kept only for traces started under
/// <see cref="StartRoot"/>, so tests running in parallel do not see each other's; metrics are process-wide, so tests that
/// count them run in a non-parallel collection.
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    /// <summary>The source of the tests' own root spans.</summary>
    public static readonly ActivitySource TestSource = new("Sandbox.Tests");

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentDictionary<ActivityTraceId, byte> _traces = new();

    /// <summary>Starts listening to the framework's source, the tests' own and <paramref name="otherSources"/>.</summary>
    public TelemetryRecorder(params string[] otherSources)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name is SandboxTelemetry.Name or "Sandbox.Tests" || otherSources.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (_traces.ContainsKey(a.TraceId)) Spans.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SandboxTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Measurements.Enqueue(new Measured(i.Name, v, tags.ToArray())));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Measurements.Enqueue(new Measured(i.Name, v, tags.ToArray())));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Measurements.Enqueue(new Measured(i.Name, v, tags.ToArray())));
        _meters.Start();
    }

    /// <summary>Stopped spans of the recorded traces, in the order they ended.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Every measurement of the framework's meter since listening started.</summary>
    public ConcurrentQueue<Measured> Measurements { get; } = new();

    /// <summary>Starts a root span whose trace is recorded; dispose it to end it.</summary>
    public Activity StartRoot(string name = "test")
    {
        var root = TestSource.StartActivity(name) ?? throw new InvalidOperationException("the test source is not listened to");
        _traces[root.TraceId] = 0;
        return root;
    }

    /// <summary>Records a trace that arrives from elsewhere (a W3C <c>traceparent</c>).</summary>
    public void Follow(ActivityTraceId trace) => _traces[trace] = 0;

    /// <summary>Reads the observable gauges now.</summary>
    public void Observe() => _meters.RecordObservableInstruments();

    /// <summary>The sum of the measurements of <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, object? Value)[] tags) =>
        Measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Has(t.Key, t.Value))).Sum(m => m.Value);

    /// <summary>The number of measurements of <paramref name="instrument"/> (for a histogram: values recorded).</summary>
    public int Count(string instrument, params (string Key, object? Value)[] tags) =>
        Measurements.Count(m => m.Instrument == instrument && tags.All(t => m.Has(t.Key, t.Value)));

    /// <summary>Renders the recorded spans of <paramref name="root"/>'s trace as an indented tree of names.</summary>
    public string Tree(Activity root)
    {
        var spans = Spans.Where(s => s.TraceId == root.TraceId).ToList();
        var lines = new List<string>();
        void Walk(ActivitySpanId parent, int depth)
        {
            foreach (var child in spans.Where(s => s.ParentSpanId == parent).OrderBy(s => s.StartTimeUtc))
            {
                lines.Add(new string(' ', depth * 2) + child.DisplayName);
                Walk(child.SpanId, depth + 1);
            }
        }

        Walk(root.SpanId, 0);
        return string.Join('\n', lines);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    /// <summary>One measurement.</summary>
    public sealed record Measured(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        /// <summary>Whether the measurement carries tag <paramref name="key"/> with <paramref name="value"/>.</summary>
        public bool Has(string key, object? value) => Tags.Any(t => t.Key == key && Equals(t.Value?.ToString(), value?.ToString()));
    }
}
