using System.Diagnostics;
using Sandbox.Testing;

namespace Sandbox.Server.Tests;

/// <summary>
/// <c>sandbox top</c> in a real terminal: tmux runs it at 80 columns against a real server after a known batch of runs,
/// its screen is read back, and <c>q</c> ends it.
/// </summary>
public sealed class TopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Top_shows_a_known_batch_of_runs_in_80_columns_and_quits_on_q()
    {
        EngineGate.Require(File.Exists("/usr/bin/tmux"), "tmux (a real terminal for sandbox top)", "run build/setup.sh, which installs it");
        await using var server = await ServerProcess.StartAsync();
        await server.RequireExecutorAsync("host");
        using var client = server.Tcp();
        foreach (var exit in (int[])[0, 0, 3])
        {
            var reply = await client.PostAsync("/v1/runs", Api.Run("sh", "-c", $"exit {exit}").With("executor", "host"));
            Assert.True(reply.Status == System.Net.HttpStatusCode.OK, reply.Text);
        }

        var tmux = new Tmux();
        try
        {
            await tmux.StartAsync(80, 30, new() { ["SANDBOX_HOST"] = server.TcpAddress.ToString(), ["SANDBOX_TOKEN"] = ServerProcess.TokenA },
                "dotnet", "exec", ServerProcess.CliPath, "top", "--interval", "500ms");
            var screen = await tmux.WaitForScreenAsync(s => s.Contains("exit_code", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
            var lines = screen.Split('\n');

            Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
            Assert.Contains(lines, line => line.StartsWith("sandbox top - " + server.TcpAddress, StringComparison.Ordinal));
            Assert.Contains(lines, line => line.StartsWith("live sandboxes", StringComparison.Ordinal) && line.Contains("runs        3 since start", StringComparison.Ordinal));
            Assert.Contains(lines, line => Columns(line) is ["ok", "2", "2"]);
            Assert.Contains(lines, line => Columns(line) is ["exit_code", "1", "1"]);
            Assert.Contains(lines, line => line.StartsWith("runs/s", StringComparison.Ordinal) && line.Contains("p95", StringComparison.Ordinal));

            await tmux.SendKeysAsync("q");
            Assert.True(await tmux.EndsAsync(TimeSpan.FromSeconds(15)), "sandbox top did not quit on q:\n" + await tmux.CaptureAsync());
        }
        finally
        {
            await tmux.DisposeAsync();
        }
    }

    [Fact]
    public async Task Top_without_a_server_fails_with_one_line_and_no_screen()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["exec", ServerProcess.CliPath, "top", "--once"]) start.ArgumentList.Add(argument);
        start.Environment["SANDBOX_HOST"] = "http://127.0.0.1:9";
        start.Environment.Remove("SANDBOX_TOKEN");
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.Equal(125, process.ExitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("sandbox: The sandbox server at http://127.0.0.1:9 does not answer", stderr, StringComparison.Ordinal);
        // top has no in-process mode, so it is not told to pass --no-server.
        Assert.EndsWith("start it with 'sandbox serve'.", stderr.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
