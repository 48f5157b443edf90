using Sandbox.Cli.Top;

namespace Sandbox.Cli.Tests;

/// <summary>What <c>sandbox top</c> makes of a server's <c>/metrics</c>: the series it reads and the figures it shows.</summary>
public sealed class TopViewTests
{
    private const string Metrics = """
        # HELP sandbox_runs_total Runs by executor, outcome and warm.
        # TYPE sandbox_runs_total counter
        sandbox_runs_total{otel_scope_name="Sandbox",sandbox_executor="docker",sandbox_outcome="ok",sandbox_warm="true"} 8
        sandbox_runs_total{otel_scope_name="Sandbox",sandbox_executor="host",sandbox_outcome="ok",sandbox_warm="false"} 2
        sandbox_runs_total{otel_scope_name="Sandbox",sandbox_executor="docker",sandbox_outcome="error",error_type="engineUnavailable",sandbox_warm="false"} 1
        sandbox_run_duration_seconds_bucket{sandbox_executor="docker",sandbox_outcome="ok",le="0.1"} 4
        sandbox_run_duration_seconds_bucket{sandbox_executor="docker",sandbox_outcome="ok",le="1"} 10
        sandbox_run_duration_seconds_bucket{sandbox_executor="docker",sandbox_outcome="ok",le="+Inf"} 10
        sandbox_live{otel_scope_name="Sandbox"} 3
        sandbox_queued{otel_scope_name="Sandbox"} 1
        sandbox_pool_sandboxes{sandbox_executor="docker",container_image_name="sandbox/python:3.11-bookworm",sandbox_pool_state="idle"} 2
        sandbox_pool_sandboxes{sandbox_executor="docker",container_image_name="sandbox/python:3.11-bookworm",sandbox_pool_state="busy"} 1
        sandbox_pool_sandboxes{sandbox_executor="docker",container_image_name="sandbox/python:3.11-bookworm",sandbox_pool_state="creating"} 0
        sandbox_timeouts_total{sandbox_executor="docker"} 4
        odd line without a value
        label_with_escapes{path="a \"quoted\" \\ value"} 1
        """;

    [Fact]
    public void The_snapshot_reads_the_catalogs_series_and_names_failures_by_kind()
    {
        var samples = PrometheusText.Parse(Metrics);
        var snapshot = ServerSnapshot.From(samples, DateTimeOffset.UnixEpoch);

        Assert.Equal(3, snapshot.Live);
        Assert.Equal(1, snapshot.Queued);
        Assert.Equal(11, snapshot.TotalRuns);
        Assert.Equal(10, snapshot.RunsByOutcome["ok"]);
        Assert.Equal(1, snapshot.RunsByOutcome["engineUnavailable"]);
        Assert.Equal(4, snapshot.Timeouts);
        Assert.Equal(new PoolRow("docker", "sandbox/python:3.11-bookworm", 2, 1, 0), Assert.Single(snapshot.Pools));
        Assert.Equal("a \"quoted\" \\ value", Assert.Single(samples, s => s.Name == "label_with_escapes").Label("path"));
    }

    [Fact]
    public void Percentiles_interpolate_within_buckets_as_prometheus_does_and_rates_use_the_previous_reading()
    {
        var earlier = ServerSnapshot.From(PrometheusText.Parse(""), DateTimeOffset.UnixEpoch);
        var now = ServerSnapshot.From(PrometheusText.Parse(Metrics), DateTimeOffset.UnixEpoch.AddSeconds(2));

        var lines = TopView.Render("unix:/run/sandbox/sandbox.sock", now, earlier, earlier);

        // p50: rank 5 of 10, in (0.1, 1] after 4 below: 0.1 + 0.9 * (1/6) = 0.25 s; p95: rank 9.5 → 0.1 + 0.9 * 5.5/6.
        var latency = Assert.Single(lines, l => l.StartsWith("runs/s", StringComparison.Ordinal));
        Assert.Contains("5.5", latency, StringComparison.Ordinal);
        Assert.Contains("p50  250 ms", latency, StringComparison.Ordinal);
        Assert.Contains("p95  925 ms", latency, StringComparison.Ordinal);
        Assert.Contains("last 2 s", latency, StringComparison.Ordinal);
        Assert.All(lines, line => Assert.True(line.Length <= TopView.Width, line));
    }
}
