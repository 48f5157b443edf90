using System.Diagnostics;
using System.Text.Json;

namespace Sandbox.Server.Tests;

/// <summary><c>sandbox run</c> through a server (SANDBOX_HOST) prints and exits exactly as it does in-process.</summary>
public sealed class CliThroughServerTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    [Fact]
    public async Task Run_through_the_server_named_by_SANDBOX_HOST_prints_the_same_json_and_exits_the_same()
    {
        await Server.RequireExecutorAsync("host");
        string[] run = ["run", "--executor", "host", "--json", "--", "sh", "-c", "echo out; echo err >&2; exit 3"];

        var remote = await CliAsync(new() { ["SANDBOX_HOST"] = $"unix:{Server.SocketPath}" }, ["--verbose", .. run]);
        var local = await CliAsync(new(), ["--no-server", "--config", Path.Combine(Server.Folder, "sandbox.json"), .. run]);

        Assert.Equal(3, remote.ExitCode);
        Assert.Equal(local.ExitCode, remote.ExitCode);
        Assert.Contains($"served by the sandbox server at unix:{Server.SocketPath}", remote.Stderr, StringComparison.Ordinal);
        using var remoteJson = JsonDocument.Parse(remote.Stdout);
        using var localJson = JsonDocument.Parse(local.Stdout);
        Assert.Equal(localJson.RootElement.EnumerateObject().Select(p => p.Name), remoteJson.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var member in (string[])["exitCode", "stdout", "stderr", "executor", "isolationLevel", "error"])
            Assert.Equal(localJson.RootElement.GetProperty(member).GetRawText(), remoteJson.RootElement.GetProperty(member).GetRawText());
    }

    [Fact]
    public async Task Run_through_a_tcp_server_streams_output_and_takes_the_token_from_SANDBOX_TOKEN_FILE()
    {
        await Server.RequireExecutorAsync("host");

        var remote = await CliAsync(new() { ["SANDBOX_HOST"] = Server.TcpAddress.ToString(), ["SANDBOX_TOKEN_FILE"] = Path.Combine(Server.Folder, "tokens") },
            ["run", "--executor", "host", "--", "sh", "-c", "echo streamed; exit 0"]);
        var refused = await CliAsync(new() { ["SANDBOX_HOST"] = Server.TcpAddress.ToString(), ["SANDBOX_TOKEN"] = "wrong" },
            ["run", "--executor", "host", "--", "true"]);

        Assert.True(remote.ExitCode == 0, remote.Stderr);
        Assert.Equal("streamed\n", remote.Stdout);
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("Bearer", refused.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(Dictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["exec", ServerProcess.CliPath, .. arguments]) start.ArgumentList.Add(argument);
        foreach (var name in (string[])["SANDBOX_HOST", "SANDBOX_TOKEN", "SANDBOX_TOKEN_FILE", "SANDBOX_CONFIG"]) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
