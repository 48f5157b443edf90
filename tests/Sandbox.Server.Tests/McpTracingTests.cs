using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Telemetry;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>
/// The server's own OpenTelemetry pipeline, as <c>sandbox serve</c> builds it (<see cref="SandboxServer.BuildAsync"/>,
/// real Kestrel on a loopback port, the Docker engine), recorded by an in-memory processor added to that pipeline.
/// The MCP request is raw HTTP with no <c>traceparent</c> header, so only the request's <c>_meta</c> can carry the trace.
/// </summary>
public sealed class McpTracingTests : IAsyncLifetime
{
    private const string Node = "mcp-node-1";
    private const string Token = "token-trace-0123456789";
    private readonly Recorded _spans = new();
    private DirectoryInfo _folder = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        EngineGate.Require(File.Exists(TestImages.DockerSocket), $"Docker engine at {TestImages.DockerSocket}", "run `bash build/setup.sh`");
        _folder = Directory.CreateTempSubdirectory("sandbox-mcp-trace-");
        var plugins = Path.Combine(Path.GetDirectoryName(ServerProcess.CliPath)!, "plugins");
        var config = Path.Combine(_folder.FullName, "sandbox.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "defaultExecutor": "docker",
              "pluginFolders": [ "{{plugins}}" ],
              "defaults": { "image": "{{TestImages.Python}}" },
              "server": { "federation": { "node": "{{Node}}" } }
            }
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "tokens"), $"tracer:{Token}\n", Ct);
        var options = new ServerOptions { ConfigPath = config, TokenFile = Path.Combine(_folder.FullName, "tokens") };
        options.Listen.Add("http://127.0.0.1:0");
        _app = await SandboxServer.BuildAsync(options, builder => builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(_spans)), cancellationToken: Ct);
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(3) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _folder.Delete(recursive: true);
        Assert.Equal(0, await Leftovers.WaitUntilNoneAsync(Environment.ProcessId, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_tool_call_continues_the_agents_trace_from_its_meta_traceparent_and_its_run_span_names_the_node()
    {
        var trace = ActivityTraceId.CreateRandom();
        var agent = ActivitySpanId.CreateRandom();
        var session = await InitializeMcpAsync();

        var traceparent = $"00-{trace.ToHexString()}-{agent.ToHexString()}-01";
        var reply = await PostAsync(session, """
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"run_command","arguments":{"command":["true"]},
             "_meta":{"traceparent":"TRACEPARENT"}}}
            """.Replace("TRACEPARENT", traceparent, StringComparison.Ordinal));

        Assert.Contains("\"exit_code\":0", reply, StringComparison.Ordinal);
        var tool = await _spans.WaitForAsync(s => s.TraceId == trace && s.OperationName == "tools/call run_command");
        var run = Assert.Single(_spans.All, s => s.TraceId == trace && s.OperationName == SandboxTelemetry.RunSpan);
        // agent (the caller's span) → the MCP SDK's tools/call span → the run.
        Assert.Equal(agent, tool.ParentSpanId);
        Assert.Equal(ActivityKind.Server, tool.Kind);
        Assert.Equal(tool.SpanId, run.ParentSpanId);
        Assert.Equal(Node, run.GetTagItem(SandboxTelemetry.NodeAttribute));
        Assert.All(_spans.All.Where(s => s.TraceId == trace && s.Source.Name == SandboxTelemetry.Name),
            span => Assert.Equal(Node, span.GetTagItem(SandboxTelemetry.NodeAttribute)));
        Assert.DoesNotContain(_spans.All, s => s.Source.Name == SandboxInstrumentation.McpSourceName && s.TraceId == trace && s.GetTagItem(SandboxTelemetry.NodeAttribute) is not null);
    }

    private async Task<string> InitializeMcpAsync()
    {
        using var request = Post(null, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"trace-test","version":"1.0"}}}""");
        using var initialized = await _client.SendAsync(request, Ct);
        Assert.True(initialized.IsSuccessStatusCode, await initialized.Content.ReadAsStringAsync(Ct));
        var session = initialized.Headers.GetValues("Mcp-Session-Id").Single();
        await PostAsync(session, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return session;
    }

    private async Task<string> PostAsync(string session, string json)
    {
        using var request = Post(session, json);
        using var reply = await _client.SendAsync(request, Ct);
        var text = await reply.Content.ReadAsStringAsync(Ct);
        Assert.True(reply.IsSuccessStatusCode, text);
        return text;
    }

    private static HttpRequestMessage Post(string? session, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (session is not null) request.Headers.Add("Mcp-Session-Id", session);
        return request;
    }

    /// <summary>Every span the server's pipeline ends: an in-memory exporter in the pipeline itself, adding no listener of its own.</summary>
    private sealed class Recorded : BaseProcessor<Activity>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Activity> _ended = new();

        public IReadOnlyList<Activity> All => [.. _ended];

        public override void OnEnd(Activity data) => _ended.Enqueue(data);

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            // The tools/call span ends just after its response is written.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (All.FirstOrDefault(match) is { } found) return found;
                await Task.Delay(20, Ct);
            }

            return Assert.Single(All, s => match(s));
        }
    }
}
