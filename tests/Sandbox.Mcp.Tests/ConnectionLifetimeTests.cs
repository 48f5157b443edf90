using Sandbox.Mcp.Tools;

namespace Sandbox.Mcp.Tests;

/// <summary>Sessions made over stdio belong to that connection and go with it.</summary>
public sealed class ConnectionLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Closing_the_connection_removes_the_sessions_it_left_open()
    {
        var server = await SandboxMcpProcess.StartAsync(Ct);
        var first = await server.CallAsync(ToolNames.SessionCreate, new { files = new Dictionary<string, string> { ["a.txt"] = "a" } }, cancellationToken: Ct);
        var second = await server.CallAsync(ToolNames.SessionCreate, new { ttl_seconds = 600 }, cancellationToken: Ct);
        var ids = new[] { first, second }.Select(r => r.Json().GetProperty("session_id").GetString()).ToArray();

        var live = await server.ContainersAsync();

        Assert.Equal(ids.Order(), live.Select(c => c.Session).Order());
        // Disposing closes stdin; the server must remove both sessions before it exits (checked by DisposeAsync).
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Another_connection_cannot_use_a_session_it_did_not_create()
    {
        await using var owner = await SandboxMcpProcess.StartAsync(Ct);
        await using var other = await SandboxMcpProcess.StartAsync(Ct);
        var id = (await owner.CallAsync(ToolNames.SessionCreate, new { }, cancellationToken: Ct)).Json().GetProperty("session_id").GetString();

        var used = await other.CallAsync(ToolNames.SessionExec, new { session_id = id, command = new[] { "true" } }, cancellationToken: Ct);
        var closed = await other.CallAsync(ToolNames.SessionClose, new { session_id = id }, cancellationToken: Ct);
        var stillThere = await owner.CallAsync(ToolNames.SessionExec, new { session_id = id, command = new[] { "echo", "mine" } }, cancellationToken: Ct);

        Assert.Contains($"Unknown session '{id}'", used.Error());
        Assert.Contains($"Unknown session '{id}'", closed.Error());
        Assert.Equal("mine\n", stillThere.Json().GetProperty("stdout").GetString());
    }
}
