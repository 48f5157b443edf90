using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Telemetry;

/// <summary>
/// Records the framework's spans in memory and renders them as an indented tree with timings, for a person to read
/// (<c>sandbox run --trace</c>). Listens from creation until disposed.
/// </summary>
public sealed class SpanTree : IDisposable
{
    private static readonly string[] ShownAttributes =
    [
        SandboxTelemetry.ExecutorAttribute, SandboxTelemetry.IsolationAttribute, SandboxTelemetry.WarmAttribute, SandboxTelemetry.OutcomeAttribute,
        SandboxTelemetry.ExitCodeAttribute, SandboxTelemetry.ErrorTypeAttribute, SandboxTelemetry.SandboxIdAttribute,
    ];

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    /// <summary>Starts recording every span of the framework in this process.</summary>
    public SpanTree()
        : this(null)
    {
    }

    /// <summary>Starts recording the framework's spans of one trace (one request's, in a process that serves many).</summary>
    public SpanTree(ActivityTraceId? trace)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SandboxTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (trace is null || span.TraceId == trace) _spans.Enqueue(span);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans recorded so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>The recorded spans as a tree: one line per span, children indented under their parent, by start time.</summary>
    public string Render()
    {
        var spans = Spans;
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var text = new StringBuilder();
        void Write(Activity span, int depth)
        {
            text.Append(' ', depth * 2).Append(span.DisplayName).Append(' ', Math.Max(1, 28 - depth * 2 - span.DisplayName.Length))
                .Append(span.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(9)).Append(" ms");
            foreach (var name in ShownAttributes)
            {
                if (span.GetTagItem(name) is { } value) text.Append("  ").Append(name).Append('=').Append(Show(value));
            }

            text.Append('\n');
            foreach (var child in spans.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc)) Write(child, depth + 1);
        }

        foreach (var root in spans.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc)) Write(root, 0);
        return text.ToString();
    }

    // Short enough for a terminal line: booleans as OpenTelemetry writes them, long ids cut to 12 characters.
    private static string Show(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        _ when Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 16 } text => text[..12],
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
