using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Server;
using Sandbox.Mcp.Tools;
using Sandbox.TestUtilities;

namespace Sandbox.Mcp.Tests;

/// <summary>README's "AI agents (MCP)" section lists exactly the registered tools, and its examples run as written.</summary>
public sealed partial class ReadmeToolListTests
{
    private const string SessionPlaceholder = "SESSION_ID";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_readme_lists_exactly_the_registered_tools_in_order()
    {
        var registered = typeof(ToolNames).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<McpServerToolTypeAttribute>() is not null)
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<McpServerToolAttribute>()?.Name)
            .OfType<string>();

        var listed = Examples().Select(e => e.Tool).ToList();

        Assert.Equal(ToolNames.All, listed);
        Assert.Equal(listed.Order(), registered.Order());
    }

    [Fact]
    public void The_readme_stdio_configuration_starts_sandbox_mcp()
    {
        var config = JsonDocument.Parse(Section().Split("```json")[1].Split("```")[0]).RootElement.GetProperty("mcpServers").GetProperty("sandbox");

        Assert.EndsWith("/sandbox", config.GetProperty("command").GetString());
        Assert.Equal(["mcp"], config.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Every_readme_example_runs_as_written_in_order()
    {
        await using var server = await SandboxMcpProcess.StartAsync(Ct);
        string? session = null;
        foreach (var (tool, arguments) in Examples())
        {
            var json = session is null ? arguments : arguments.Replace(SessionPlaceholder, session, StringComparison.Ordinal);

            var result = await server.CallAsync(tool, JsonDocument.Parse(json).RootElement, cancellationToken: Ct);

            var output = result.Json();
            if (tool == ToolNames.SessionCreate) session = output.GetProperty("session_id").GetString();
            if (tool == ToolNames.RunCode) Assert.Equal(6, output.GetProperty("result").GetInt32());
            if (tool == ToolNames.SessionRunTests) Assert.Equal(1, output.GetProperty("passed").GetInt32());
        }
    }

    private static IReadOnlyList<(string Tool, string Arguments)> Examples() =>
        [.. Section().Split('\n').Select(l => Row().Match(l)).Where(m => m.Success).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    private static string Section()
    {
        var readme = File.ReadAllText(RepositoryLayout.PathOf("README.md"));
        var start = readme.IndexOf("## AI agents (MCP)", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no \"AI agents (MCP)\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \| `(\{.*\})` \|$")]
    private static partial Regex Row();
}
