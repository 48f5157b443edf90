using Sandbox.Abstractions.Diagnostics;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Cli.Top;

/// <summary>
/// What a server's <c>/metrics</c> said at one moment, reduced to what <c>sandbox top</c> shows. The names come from the
/// telemetry catalog (<see cref="SandboxTelemetry"/>), so the view reads exactly the series Prometheus reads.
/// </summary>
internal sealed record ServerSnapshot(
    DateTimeOffset At,
    int Live,
    int Queued,
    IReadOnlyList<PoolRow> Pools,
    IReadOnlyDictionary<string, double> RunsByOutcome,
    IReadOnlyList<(double UpperBound, double Count)> DurationBuckets,
    double OomKills,
    double Timeouts,
    double CleanupFailures,
    double OrphansSwept)
{
    private static readonly string Executor = TelemetryName.PrometheusLabel(ExecutorAttribute);
    private static readonly string Image = TelemetryName.PrometheusLabel(ImageAttribute);
    private static readonly string State = TelemetryName.PrometheusLabel(PoolStateAttribute);
    private static readonly string Outcome = TelemetryName.PrometheusLabel(OutcomeAttribute);
    private static readonly string ErrorType = TelemetryName.PrometheusLabel(ErrorTypeAttribute);

    /// <summary>Every run the server finished.</summary>
    public double TotalRuns => RunsByOutcome.Values.Sum();

    /// <summary>Reads the framework's series out of <paramref name="samples"/>.</summary>
    public static ServerSnapshot From(IReadOnlyList<MetricSample> samples, DateTimeOffset at)
    {
        var runs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in Series(samples, RunsMetric))
        {
            // A failure is shown by its kind (engineUnavailable, ...), every other outcome by its name.
            var key = sample.Label(Outcome) == OutcomeError && sample.Label(ErrorType) is { Length: > 0 } kind ? kind : sample.Label(Outcome);
            runs[key] = runs.GetValueOrDefault(key) + sample.Value;
        }

        var buckets = samples
            .Where(s => s.Name == PrometheusName(RunDurationMetric) + "_bucket")
            .GroupBy(s => Bound(s.Label("le")))
            .Select(g => (UpperBound: g.Key, Count: g.Sum(s => s.Value)))
            .OrderBy(b => b.UpperBound)
            .ToList();

        var pools = Series(samples, PoolSandboxesMetric)
            .GroupBy(s => (Executor: s.Label(Executor), Image: s.Label(Image)))
            .Select(g => new PoolRow(g.Key.Executor, g.Key.Image, Count(g, "idle"), Count(g, "busy"), Count(g, "creating")))
            .OrderBy(p => p.Executor, StringComparer.Ordinal).ThenBy(p => p.Image, StringComparer.Ordinal)
            .ToList();

        return new ServerSnapshot(at, (int)Total(samples, LiveMetric), (int)Total(samples, QueuedMetric), pools, runs, buckets,
            Total(samples, OomKillsMetric), Total(samples, TimeoutsMetric), Total(samples, CleanupFailuresMetric), Total(samples, OrphansSweptMetric));
    }

    private static int Count(IGrouping<(string, string), MetricSample> pool, string state) =>
        (int)pool.Where(s => s.Label(State) == state).Sum(s => s.Value);

    private static double Bound(string le) => le == "+Inf" ? double.PositiveInfinity : double.TryParse(le, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var bound) ? bound : double.NaN;

    private static IEnumerable<MetricSample> Series(IReadOnlyList<MetricSample> samples, string metric)
    {
        var name = PrometheusName(metric);
        return samples.Where(s => s.Name == name);
    }

    private static double Total(IReadOnlyList<MetricSample> samples, string metric) => Series(samples, metric).Sum(s => s.Value);

    private static string PrometheusName(string metric) => Metrics.First(m => m.Name == metric).PrometheusName;
}
