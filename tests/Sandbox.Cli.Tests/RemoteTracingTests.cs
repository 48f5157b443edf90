using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.TestUtilities;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>A CLI call to a server is a client span whose trace the server is asked to continue (W3C traceparent).</summary>
public sealed class RemoteTracingTests
{
    [Fact]
    public async Task When_spans_are_recorded_a_call_to_a_server_carries_the_traceparent_of_its_client_span()
    {
        var port = LoopbackPort.Free();
        var address = $"http://127.0.0.1:{port}";
        using var server = new HttpListener();
        server.Prefixes.Add(address + "/");
        server.Start();
        var answered = AnswerOnceAsync(server);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SandboxTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var run = await InvokeAsync("run", "--host", address, "--", "echo", "hi");
        var traceparent = await answered;

        Assert.Equal(125, run.ExitCode);
        var call = Assert.Single(spans, s => s.OperationName == SandboxTelemetry.RemoteCallSpan && (string?)s.GetTagItem("server.address") == address);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal("/v1/runs", call.GetTagItem("url.path"));
        Assert.NotNull(traceparent);
        Assert.Contains(call.TraceId.ToHexString(), traceparent, StringComparison.Ordinal);
    }

    // A stand-in server: records the first request's traceparent and answers that it is unavailable.
    private static async Task<string?> AnswerOnceAsync(HttpListener server)
    {
        var context = await server.GetContextAsync();
        var traceparent = context.Request.Headers["traceparent"];
        context.Response.StatusCode = 503;
        context.Response.ContentType = "application/problem+json";
        await using (var body = context.Response.OutputStream)
            await body.WriteAsync("""{"kind":"engineUnavailable","detail":"stand-in server"}"""u8.ToArray());
        context.Response.Close();
        return traceparent;
    }
}
