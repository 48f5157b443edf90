using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Sandbox.Server.Tests;

/// <summary>The surfaces the server hosts beside the REST API: the MCP tools at /mcp and Prometheus metrics at /metrics.</summary>
public sealed class HostedSurfacesTests(SharedServer shared)
{
    private const string Initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw-http-test","version":"1.0"}}}
        """;

    private ServerProcess Server => shared.Server;

    [Fact]
    public async Task The_mcp_endpoint_on_tcp_needs_a_token_like_every_v1_call()
    {
        using var anonymous = Server.Tcp(token: null);

        using var reply = await anonymous.SendAsync(McpPost(Initialize, session: null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_mcp_client_with_a_token_initializes_and_lists_the_sandbox_tools()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Server.Tcp();

        using var initialized = await client.SendAsync(McpPost(Initialize, session: null), ct);
        var text = await initialized.Content.ReadAsStringAsync(ct);
        Assert.True(initialized.IsSuccessStatusCode, text);
        Assert.Contains("\"sandbox\"", text, StringComparison.Ordinal);
        var session = initialized.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.Single() : null;

        using var notified = await client.SendAsync(McpPost("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", session), ct);
        using var listed = await client.SendAsync(McpPost("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session), ct);
        var tools = await listed.Content.ReadAsStringAsync(ct);

        Assert.True(listed.IsSuccessStatusCode, tools);
        foreach (var tool in new[] { "run_code", "run_command", "session_create", "session_exec", "session_close" })
            Assert.Contains($"\"{tool}\"", tools, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format_without_a_token_and_count_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        await Server.RequireExecutorAsync("host");
        using var client = Server.Tcp();
        using var anonymous = Server.Tcp(token: null);

        var run = await client.PostAsync("/v1/runs", Api.Run("true").With("executor", "host"));
        Assert.Equal(HttpStatusCode.OK, run.Status);

        // The Prometheus exporter caches its scrape for a moment; the run's count shows up within a few scrapes.
        var metrics = "";
        for (var attempt = 0; attempt < 20 && !metrics.Contains("sandbox_runs_total{", StringComparison.Ordinal); attempt++)
        {
            using var reply = await anonymous.GetAsync("/metrics", ct);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            metrics = await reply.Content.ReadAsStringAsync(ct);
            if (!metrics.Contains("sandbox_runs_total{", StringComparison.Ordinal)) await Task.Delay(500, ct);
        }

        Assert.Contains("sandbox_runs_total{", metrics, StringComparison.Ordinal);
    }

    private static HttpRequestMessage McpPost(string json, string? session)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (session is not null) request.Headers.Add("Mcp-Session-Id", session);
        return request;
    }
}
