using System.Diagnostics;
using System.Text.Json;
using Sandbox.Mcp.Tools;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Mcp.Tests;

/// <summary>
/// A client written against the protocol by someone else: the TypeScript SDK from npm (pinned in build/mcp-client)
/// spawns <c>sandbox mcp</c>, lists the tools and runs code.
/// </summary>
public sealed class TypeScriptClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_typescript_sdk_lists_the_tools_and_runs_code_over_stdio()
    {
        SandboxMcpProcess.RequireDocker();
        var install = await RunAsync("bash", RepositoryLayout.PathOf("build", "mcp-client", "install.sh"));
        EngineGate.Require(install.ExitCode == 0, "the TypeScript MCP SDK (build/mcp-client)", $"run `bash build/mcp-client/install.sh`: {install.Stderr.Trim()}");
        var folder = Directory.CreateTempSubdirectory("sandbox-mcp-ts-");
        try
        {
            var client = await RunAsync("node", RepositoryLayout.PathOf("tests", "Sandbox.Mcp.Tests", "ts-client.mjs"), RepositoryLayout.PathOf("build", "mcp-client"),
                "dotnet", "exec", SandboxMcpProcess.CliPath, "--config", SandboxMcpProcess.WriteConfig(folder), "mcp");

            Assert.True(client.ExitCode == 0, client.Stderr);
            var output = JsonDocument.Parse(client.Stdout.Trim().Split('\n')[^1]).RootElement;
            Assert.Equal(ToolNames.All, output.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
            Assert.True(output.GetProperty("hasOutputSchemas").GetBoolean());
            var run = output.GetProperty("run");
            Assert.False(run.GetProperty("isError").GetBoolean(), run.GetProperty("text").GetString());
            Assert.Equal(5, run.GetProperty("structured").GetProperty("result").GetProperty("sum").GetInt32());
            Assert.Equal("hi from ts\n", run.GetProperty("structured").GetProperty("stdout").GetString());
            Assert.True(output.GetProperty("refused").GetProperty("isError").GetBoolean());
            Assert.Contains("Unknown session 'nope'", output.GetProperty("refused").GetProperty("text").GetString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, "", $"{program}: {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(Ct);
            var stderr = process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
