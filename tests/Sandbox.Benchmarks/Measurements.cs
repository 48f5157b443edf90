using System.Diagnostics;

namespace Sandbox.Benchmarks;

/// <summary>Small timing helpers shared by the benchmarks.</summary>
internal static class Measurements
{
    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="iterations"/> times after <paramref name="warmup"/> untimed runs;
    /// <paramref name="untimedSetup"/>, when given, runs before each of them without being timed.
    /// </summary>
    public static async Task<Sample> TimeAsync(int iterations, int warmup, Func<Task> action, Func<Task>? untimedSetup = null)
    {
        for (var i = 0; i < warmup; i++) await action();
        var samples = new List<TimeSpan>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            if (untimedSetup is not null) await untimedSetup();
            var started = Stopwatch.GetTimestamp();
            await action();
            samples.Add(Stopwatch.GetElapsedTime(started));
        }

        return new Sample(samples);
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="runs"/> times, <paramref name="concurrency"/> at once, and returns runs per second.</summary>
    public static async Task<double> ThroughputAsync(int runs, int concurrency, Func<Task> action)
    {
        var next = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= runs) await action();
        }));
        return runs / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The machine, for the record: cores, processor and load average.</summary>
    public static string MachineState() =>
        $"{Environment.ProcessorCount} cores{Processor()}, load average {(File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a")}";

    // Figures from two machines only compare with their processors named beside them.
    private static string Processor()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.IsNullOrEmpty(model) ? "" : $" ({model})";
    }
}

/// <summary>A set of timings with percentiles.</summary>
internal sealed record Sample(IReadOnlyList<TimeSpan> Timings)
{
    public double P50Ms => Percentile(0.50);

    public double P95Ms => Percentile(0.95);

    public double MeanMs => Timings.Average(t => t.TotalMilliseconds);

    public double Percentile(double p)
    {
        var sorted = Timings.Select(t => t.TotalMilliseconds).Order().ToArray();
        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public override string ToString() => $"p50 {P50Ms,8:F1} ms  p95 {P95Ms,8:F1} ms  mean {MeanMs,8:F1} ms  (n={Timings.Count})";
}
