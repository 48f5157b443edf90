using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Sandbox.Server.Tests;

/// <summary>
/// MCP at <c>/mcp</c> obeys the calling token's tenant exactly as <c>/v1</c> does: the same run and session quotas (the
/// server's one definition), and sessions no other tenant can see. A real server process and the C# SDK's client.
/// </summary>
public sealed class McpTenancyTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tenant_over_its_session_quota_gets_a_tool_error_naming_the_quota()
    {
        await using var small = await ConnectAsync(ServerProcess.TokenSmall);

        var refused = await small.CallToolAsync("session_create", new Dictionary<string, object?>(), cancellationToken: Ct);

        // The /v1 API's words for the same quota (tenant 'small' may hold 0 sessions).
        Assert.Contains("tenant 'small''s sessions (0)", Error(refused), StringComparison.Ordinal);
        Assert.Contains("maxSessions", Error(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_above_the_tenants_ceiling_is_a_tool_error_naming_it_and_nothing_runs()
    {
        await using var small = await ConnectAsync(ServerProcess.TokenSmall);

        var refused = await small.CallToolAsync("run_command", new Dictionary<string, object?> { ["command"] = new[] { "true" }, ["timeout_seconds"] = 60 }, cancellationToken: Ct);

        // The same check as /v1's limits.timeout (tenant 'small' has maxTimeout 20s), named by the tool's argument.
        Assert.Contains("timeout_seconds: 60s is above this tenant's maxTimeout of 20s", Error(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_over_its_run_quota_gets_a_tool_error_naming_the_quota_and_its_slot_is_shared_with_v1()
    {
        await Server.RequireExecutorAsync("docker");
        // A server of its own: on the shared one, other classes' runs of the same tenant could hold or take the slot.
        await using var server = await ServerProcess.StartAsync("""
            { "defaults": { "image": "${SANDBOX_IMAGE_PYTHON}" }, "server": { "quotas": { "alice": { "maxLiveSandboxes": 1, "maxQueuedRuns": 0 } } } }
            """);
        await using var holder = await ConnectAsync(ServerProcess.TokenA, server);
        await using var second = await ConnectAsync(ServerProcess.TokenA, server);
        using var v1 = server.Tcp(ServerProcess.TokenA);

        // Alice has one live slot and no queue: once this run holds it (the node's load says so), every other is refused.
        var holding = holder.CallToolAsync("run_command", new Dictionary<string, object?> { ["command"] = new[] { "sleep", "8" } }, cancellationToken: Ct).AsTask();
        while (!holding.IsCompleted && (await v1.GetJsonAsync("/v1/federation/load")).Json.GetProperty("free").GetInt32() > 0) await Task.Delay(100, Ct);
        Assert.False(holding.IsCompleted, "the holding run ended before it was seen holding the slot");
        var refused = await second.CallToolAsync("run_command", new Dictionary<string, object?> { ["command"] = new[] { "true" } }, cancellationToken: Ct);
        var overV1 = await v1.PostAsync("/v1/runs", Api.Run("true"));
        Assert.False(holding.IsCompleted, "the holding run ended before both refusals were seen");
        var held = await holding;
        var afterwards = await second.CallToolAsync("run_command", new Dictionary<string, object?> { ["command"] = new[] { "true" } }, cancellationToken: Ct);

        Assert.Contains("tenant 'alice''s quota (1 live, 0 queued)", Error(refused), StringComparison.Ordinal);
        Api.AssertProblem(overV1, HttpStatusCode.TooManyRequests, "capacityExhausted");
        Assert.False(held.IsError == true, Text(held));
        Assert.False(afterwards.IsError == true, Text(afterwards));
    }

    [Fact]
    public async Task Another_tenants_mcp_session_is_invisible_to_its_tools_its_v1_api_and_its_token()
    {
        await Server.RequireExecutorAsync("docker");
        await using var alice = await ConnectAsync(ServerProcess.TokenA);
        await using var bob = await ConnectAsync(ServerProcess.TokenB);
        using var aliceV1 = Server.Tcp(ServerProcess.TokenA);
        using var bobV1 = Server.Tcp(ServerProcess.TokenB);
        var created = await alice.CallToolAsync("session_create", new Dictionary<string, object?>(), cancellationToken: Ct);
        Assert.False(created.IsError == true, Text(created));
        var id = created.StructuredContent!.Value.GetProperty("session_id").GetString()!;

        var fromBob = await bob.CallToolAsync("session_exec", new Dictionary<string, object?> { ["session_id"] = id, ["command"] = new[] { "true" } }, cancellationToken: Ct);
        var bobsList = await bobV1.GetJsonAsync("/v1/sessions");
        var bobsExec = await bobV1.PostAsync($"/v1/sessions/{id}/exec", Api.Run("true"));
        var alicesList = await aliceV1.GetJsonAsync("/v1/sessions");
        using var hijack = await bobV1.SendAsync(ToolCall(alice.SessionId!, id), Ct);

        Assert.Contains($"Unknown session '{id}'", Error(fromBob), StringComparison.Ordinal);
        Assert.DoesNotContain(id, bobsList.Text, StringComparison.Ordinal);
        Api.AssertProblem(bobsExec, HttpStatusCode.NotFound, "notFound");
        // The MCP session counts as alice's, as one made over /v1 would.
        Assert.Contains(id, alicesList.Text, StringComparison.Ordinal);
        // The MCP SDK binds its session to the tenant that opened it: bob's token on alice's Mcp-Session-Id is refused.
        Assert.Equal(HttpStatusCode.Forbidden, hijack.StatusCode);

        var closed = await alice.CallToolAsync("session_close", new Dictionary<string, object?> { ["session_id"] = id }, cancellationToken: Ct);
        Assert.False(closed.IsError == true, Text(closed));
        Assert.DoesNotContain(id, (await aliceV1.GetJsonAsync("/v1/sessions")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_made_over_mcp_and_v1_count_against_one_maxSessions()
    {
        await Server.RequireExecutorAsync("docker");
        await using var server = await ServerProcess.StartAsync("""
            { "defaults": { "image": "${SANDBOX_IMAGE_PYTHON}" }, "server": { "quotas": { "alice": { "maxSessions": 1 } } } }
            """);
        await using var mcp = await ConnectAsync(ServerProcess.TokenA, server);
        using var v1 = server.Tcp(ServerProcess.TokenA);

        var overMcp = await mcp.CallToolAsync("session_create", new Dictionary<string, object?>(), cancellationToken: Ct);
        Assert.False(overMcp.IsError == true, Text(overMcp));
        var mcpId = overMcp.StructuredContent!.Value.GetProperty("session_id").GetString()!;
        var refusedOverV1 = await v1.PostAsync("/v1/sessions", new Dictionary<string, object?>());
        await mcp.CallToolAsync("session_close", new Dictionary<string, object?> { ["session_id"] = mcpId }, cancellationToken: Ct);
        var overV1 = await v1.PostAsync("/v1/sessions", new Dictionary<string, object?>());
        var refusedOverMcp = await mcp.CallToolAsync("session_create", new Dictionary<string, object?>(), cancellationToken: Ct);
        using var deleted = await v1.DeleteAsync($"/v1/sessions/{overV1.Json.GetProperty("id").GetString()}", Ct);

        Api.AssertProblem(refusedOverV1, HttpStatusCode.TooManyRequests, "capacityExhausted");
        Assert.Equal(HttpStatusCode.Created, overV1.Status);
        Assert.Contains("tenant 'alice''s sessions (1)", Error(refusedOverMcp), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private Task<McpClient> ConnectAsync(string token) => ConnectAsync(token, Server);

    private static async Task<McpClient> ConnectAsync(string token, ServerProcess server) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.TcpAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        }), cancellationToken: Ct);

    private static HttpRequestMessage ToolCall(string mcpSession, string sandboxSession)
    {
        var json = """{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"session_exec","arguments":{"session_id":"ID","command":["true"]}}}""".Replace("ID", sandboxSession, StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Mcp-Session-Id", mcpSession);
        return request;
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string Error(CallToolResult result)
    {
        Assert.True(result.IsError == true, $"expected a tool error, got: {Text(result)}");
        return Text(result);
    }
}
