using System.Globalization;

namespace Sandbox.Cli.Top;

/// <summary>
/// One screen of <c>sandbox top</c>, at most <see cref="Width"/> columns: live sandboxes and queue, runs per second,
/// latency percentiles and outcomes over the recent window, the warm pools, and the failure counters.
/// </summary>
internal static class TopView
{
    public const int Width = 80;

    /// <param name="server">How the server was named.</param>
    /// <param name="now">The latest reading.</param>
    /// <param name="previous">The reading before it (runs per second), or <c>null</c>.</param>
    /// <param name="windowStart">The oldest reading of the recent window (percentiles, outcomes), or <c>null</c>.</param>
    /// <param name="problem">Why the latest reading failed, shown instead of stale figures passing for fresh ones.</param>
    public static IReadOnlyList<string> Render(string server, ServerSnapshot now, ServerSnapshot? previous, ServerSnapshot? windowStart, string? problem = null)
    {
        var lines = new List<string>
        {
            Columns($"sandbox top - {server}", $"{now.At.ToLocalTime():HH:mm:ss}  q quits"),
        };
        if (problem is not null) lines.Add($"! {problem}");
        lines.Add($"live sandboxes {now.Live,5}    queued runs {now.Queued,5}    runs {now.TotalRuns,8:0} since start");

        var window = windowStart is null ? "since start" : $"last {Seconds(now.At - windowStart.At)}";
        var rate = previous is null || now.At <= previous.At ? "-" : ((now.TotalRuns - previous.TotalRuns) / (now.At - previous.At).TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);
        var buckets = Delta(now.DurationBuckets, windowStart?.DurationBuckets);
        lines.Add($"runs/s {rate,7}    latency ({window})  p50 {Quantile(buckets, 0.50)}  p95 {Quantile(buckets, 0.95)}");
        lines.Add("");

        lines.Add(Row("pool (executor image)", "idle", "busy", "creating"));
        if (now.Pools.Count == 0) lines.Add("  no warm pools");
        foreach (var pool in now.Pools) lines.Add(Row($"{pool.Executor} {(pool.Image.Length == 0 ? "(default image)" : pool.Image)}", $"{pool.Idle}", $"{pool.Busy}", $"{pool.Creating}"));
        lines.Add("");

        lines.Add(Row("outcome", "total", window, ""));
        if (now.RunsByOutcome.Count == 0) lines.Add("  no runs yet");
        foreach (var (outcome, total) in now.RunsByOutcome.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal))
        {
            var recent = total - (windowStart?.RunsByOutcome.GetValueOrDefault(outcome) ?? 0);
            lines.Add(Row(outcome, $"{total:0}", $"{recent:0}", ""));
        }

        lines.Add("");
        lines.Add($"timeouts {now.Timeouts:0}   oom kills {now.OomKills:0}   cleanup failures {now.CleanupFailures:0}   orphans swept {now.OrphansSwept:0}");
        return [.. lines.Select(line => Fit(line, Width))];
    }

    // Prometheus's histogram_quantile: linear within the bucket the rank falls in; the last finite bound when it falls in +Inf.
    private static string Quantile(IReadOnlyList<(double UpperBound, double Count)> buckets, double q)
    {
        var total = buckets.Count == 0 ? 0 : buckets[^1].Count;
        if (total <= 0) return "     -";
        var rank = q * total;
        double lower = 0, below = 0;
        foreach (var (bound, count) in buckets)
        {
            if (count >= rank)
            {
                var seconds = double.IsPositiveInfinity(bound) ? lower : lower + ((bound - lower) * (count - below <= 0 ? 1 : (rank - below) / (count - below)));
                return Format(seconds);
            }

            (lower, below) = (bound, count);
        }

        return Format(lower);
    }

    private static IReadOnlyList<(double UpperBound, double Count)> Delta(IReadOnlyList<(double UpperBound, double Count)> now, IReadOnlyList<(double UpperBound, double Count)>? then)
    {
        if (then is null) return now;
        var earlier = then.ToDictionary(b => b.UpperBound, b => b.Count);
        return [.. now.Select(b => (b.UpperBound, b.Count - earlier.GetValueOrDefault(b.UpperBound)))];
    }

    private static string Format(double seconds) => seconds < 1 ? $"{seconds * 1000,4:0} ms" : $"{seconds,5:0.00} s";

    private static string Seconds(TimeSpan span) => $"{Math.Max(1, Math.Round(span.TotalSeconds)):0} s";

    private static string Row(string name, string a, string b, string c) => $"  {Fit(name, 44),-44}{a,10}{b,12}{c,10}";

    private static string Columns(string left, string right) => Fit(left, Width - right.Length - 1).PadRight(Width - right.Length) + right;

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "~";
}
