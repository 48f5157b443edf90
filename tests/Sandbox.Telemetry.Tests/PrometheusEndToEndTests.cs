using System.Diagnostics;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.TestUtilities;
using static Sandbox.Telemetry.Tests.DockerRuntime;

namespace Sandbox.Telemetry.Tests;

/// <summary>Counts process-wide metrics: runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(ServerCollection), DisableParallelization = true)]
public sealed class ServerCollection;

[Collection(nameof(ServerCollection))]
public sealed class PrometheusEndToEndTests
{
    [Fact]
    public async Task Prometheus_scrapes_the_run_count_and_a_duration_quantile_from_a_real_server()
    {
        await using var runtime = await StartAsync();
        await using var server = await MetricsServer.StartAsync(runtime, Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        // A known batch: two runs exit 0, one exits 3.
        foreach (var code in new[] { 0, 0, 3 }) (await http.PostAsync($"/run?code={code}", null, Ct)).EnsureSuccessStatusCode();
        Assert.Contains("sandbox_runs_total{", await http.GetStringAsync("/metrics", Ct));
        await using var prometheus = await PrometheusProcess.StartAsync(server.Address, Ct);

        const string Runs = "sum(sandbox_runs_total{job=\"sandbox\",sandbox_executor=\"docker\"})";
        await prometheus.UntilAsync(async () => await prometheus.QueryAsync(Runs, Ct) == 3, () => "Prometheus never saw 3 runs", Ct);
        Assert.Equal(2, await prometheus.QueryAsync("sum(sandbox_runs_total{sandbox_outcome=\"ok\",sandbox_warm=\"false\"})", Ct));
        Assert.Equal(1, await prometheus.QueryAsync("sum(sandbox_runs_total{sandbox_outcome=\"exit_code\"})", Ct));
        var median = await prometheus.QueryAsync("histogram_quantile(0.5, sum by (le) (sandbox_run_duration_seconds_bucket{sandbox_executor=\"docker\"}))", Ct);
        Assert.NotNull(median);
        Assert.InRange(median.Value, 0.01, 300);
        Assert.Equal(3, await prometheus.QueryAsync("sum(http_server_request_duration_seconds_count{http_route=\"/run\",http_response_status_code=\"200\"})", Ct));
        Assert.Equal(0, await prometheus.QueryAsync("sum(sandbox_live)", Ct));
    }

    [Fact]
    public async Task A_run_requested_over_HTTP_continues_the_callers_traceparent()
    {
        using var recorder = new TelemetryRecorder("Microsoft.AspNetCore");
        await using var runtime = await StartAsync();
        await using var server = await MetricsServer.StartAsync(runtime, Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        recorder.Follow(trace);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/run?code=0");
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{caller.ToHexString()}-01");
        (await http.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        // The server's request span ends as the response is sent, which can be just after the client has read it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!recorder.Spans.Any(s => s.TraceId == trace && s.Source.Name == "Microsoft.AspNetCore") && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
        var run = Assert.Single(recorder.Spans, s => s.TraceId == trace && s.OperationName == SandboxTelemetry.RunSpan);
        var incoming = Assert.Single(recorder.Spans, s => s.SpanId == run.ParentSpanId);
        Assert.Equal(caller, incoming.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", incoming.Source.Name);
    }
}
