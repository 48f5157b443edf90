using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Core.Pooling;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Core.Diagnostics;

/// <summary>
/// The framework's meter and its instruments (names from <see cref="SandboxTelemetry"/>). Gauges read the limiters and
/// pools alive in the process, which register themselves here and are held weakly, so a forgotten runtime is not kept.
/// </summary>
internal static class SandboxMetrics
{
    private static readonly object Registered = new();
    private static readonly ConditionalWeakTable<SandboxLimiter, object> Limiters = [];
    private static readonly ConditionalWeakTable<PooledExecutor, object> Pools = [];

    // Runs span a few milliseconds (a pooled run with background removal) to minutes (builds, test suites).
    private static readonly double[] RunBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
    private static readonly double[] PhaseBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static Meter Meter { get; } = new(Name, typeof(SandboxMetrics).Assembly.GetName().Version?.ToString());

    public static Counter<long> Runs { get; } = Meter.CreateCounter<long>(RunsMetric, "{run}", Describe(RunsMetric));

    public static Histogram<double> RunDuration { get; } = Meter.CreateHistogram(RunDurationMetric, "s", Describe(RunDurationMetric), tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });

    public static Histogram<double> PhaseDuration { get; } = Meter.CreateHistogram(PhaseDurationMetric, "s", Describe(PhaseDurationMetric), tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PhaseBuckets });

    public static Counter<long> OomKills { get; } = Meter.CreateCounter<long>(OomKillsMetric, "{run}", Describe(OomKillsMetric));

    public static Counter<long> Timeouts { get; } = Meter.CreateCounter<long>(TimeoutsMetric, "{run}", Describe(TimeoutsMetric));

    public static Counter<long> Rejections { get; } = Meter.CreateCounter<long>(RejectionsMetric, "{finding}", Describe(RejectionsMetric));

    public static Counter<long> CleanupFailures { get; } = Meter.CreateCounter<long>(CleanupFailuresMetric, "{sandbox}", Describe(CleanupFailuresMetric));

    public static Counter<long> OrphansSwept { get; } = Meter.CreateCounter<long>(OrphansSweptMetric, "{sandbox}", Describe(OrphansSweptMetric));

    public static Counter<long> EgressBlocked { get; } = Meter.CreateCounter<long>(EgressBlockedMetric, "{attempt}", Describe(EgressBlockedMetric));

    public static ObservableGauge<int> Live { get; } = Meter.CreateObservableGauge(LiveMetric, () => Sum(l => l.Live), "{sandbox}", Describe(LiveMetric));

    public static ObservableGauge<int> Queued { get; } = Meter.CreateObservableGauge(QueuedMetric, () => Sum(l => l.Queued), "{run}", Describe(QueuedMetric));

    public static ObservableGauge<int> PoolSandboxes { get; } = Meter.CreateObservableGauge(PoolSandboxesMetric, ObservePools, "{sandbox}", Describe(PoolSandboxesMetric));

    /// <summary>Whether anything listens to the per-run instruments: the check that keeps an unobserved run free of work.</summary>
    public static bool Enabled => Runs.Enabled || RunDuration.Enabled || PhaseDuration.Enabled;

    /// <summary>Counts <paramref name="limiter"/>'s live and queued sandboxes in the gauges while it is alive.</summary>
    public static void Track(SandboxLimiter limiter) => Limiters.AddOrUpdate(limiter, Registered);

    /// <summary>Reports <paramref name="pool"/>'s keys in the pool gauge while it is alive and not disposed.</summary>
    public static void Track(PooledExecutor pool) => Pools.AddOrUpdate(pool, Registered);

    /// <summary>Stops reporting a disposed pool.</summary>
    public static void Forget(PooledExecutor pool) => Pools.Remove(pool);

    /// <summary>
    /// Records a finished run (or a session command, without <paramref name="duration"/>); <paramref name="result"/> is
    /// <c>null</c> when it ended with an exception.
    /// </summary>
    public static void Completed(string executor, Outcome outcome, bool warm, TimeSpan? duration, ExecutionResult? result)
    {
        var executorTag = new KeyValuePair<string, object?>(ExecutorAttribute, executor);
        if (duration is { } elapsed)
        {
            var tags = new TagList { executorTag, { OutcomeAttribute, outcome.Name }, { WarmAttribute, warm } };
            RunDuration.Record(elapsed.TotalSeconds, tags);
            // The kind of a failure is what an operator acts on (sandbox top shows it); kinds are few, so the counter
            // carries it, the histogram does not.
            if (outcome.ErrorType is { } errorType) tags.Add(ErrorTypeAttribute, errorType);
            Runs.Add(1, tags);
        }

        if (result is null) return;
        if (duration is not null && PhaseDuration.Enabled)
        {
            foreach (var phase in result.Phases) Phase(executor, phase.Name, phase.Duration);
        }

        if (result.OomKilled) OomKills.Add(1, executorTag);
        if (result.TimedOut) Timeouts.Add(1, executorTag);
        if (!result.CleanupSucceeded) CleanupFailures.Add(1, executorTag);
        foreach (var blocked in result.Network?.Blocked ?? [])
            EgressBlocked.Add(blocked.Count, executorTag, new KeyValuePair<string, object?>(EgressReasonAttribute, blocked.Why));
    }

    public static void Phase(string executor, string phase, TimeSpan duration) =>
        PhaseDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(ExecutorAttribute, executor), new KeyValuePair<string, object?>(PhaseAttribute, phase));

    public static void Swept(string executor, CleanupReport report)
    {
        if (report.Removed > 0) OrphansSwept.Add(report.Removed, new KeyValuePair<string, object?>(ExecutorAttribute, executor));
    }

    private static string Describe(string name) => SandboxTelemetry.Metrics.Single(m => m.Name == name).Description;

    private static int Sum(Func<SandboxLimiter, int> read)
    {
        var total = 0;
        foreach (var (limiter, _) in Limiters) total += read(limiter);
        return total;
    }

    private static IEnumerable<Measurement<int>> ObservePools()
    {
        var measurements = new List<Measurement<int>>();
        foreach (var (pool, _) in Pools)
        {
            foreach (var key in pool.GetStatus())
            {
                measurements.Add(PoolMeasurement(key, "idle", key.Ready));
                measurements.Add(PoolMeasurement(key, "busy", key.Busy));
                measurements.Add(PoolMeasurement(key, "creating", key.Starting));
            }
        }

        return measurements;
    }

    private static Measurement<int> PoolMeasurement(PoolKeyStatus key, string state, int value) =>
        new(value, new KeyValuePair<string, object?>(ExecutorAttribute, key.Executor), new KeyValuePair<string, object?>(ImageAttribute, key.Image ?? ""),
            new KeyValuePair<string, object?>(PoolStateAttribute, state));
}
