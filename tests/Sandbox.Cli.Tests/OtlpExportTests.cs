using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using static Sandbox.Cli.Tests.CliHarness;
using Sandbox.TestUtilities;

namespace Sandbox.Cli.Tests;

/// <summary>README's OTLP example: with OpenTelemetry's standard variables the CLI sends its run's spans and metrics.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_OTLP_endpoint_in_the_environment_the_runs_spans_and_metrics_are_sent_there()
    {
        var port = LoopbackPort.Free();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, long Bytes)>();
        var serving = ServeAsync(collector, received);

        var run = await RunProcessWithEnvironmentAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "ci-sandbox",
        }, FakeConfig, "run", "--", "echo", "exported");
        collector.Stop();
        await serving;

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("exported\n", run.Stdout);
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.Bytes > 0);
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.Bytes > 0);
    }

    // A stand-in collector: records each OTLP/HTTP request's path and size and answers 200 (an empty export response).
    private static async Task ServeAsync(HttpListener collector, ConcurrentQueue<(string, long)> received)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await collector.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            received.Enqueue((context.Request.Url!.AbsolutePath, body.Length));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
