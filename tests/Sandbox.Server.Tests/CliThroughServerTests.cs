using System.Diagnostics;
using System.Text.Json;

namespace Sandbox.Server.Tests;

/// <summary><c>sandbox run</c>, <c>exec</c> and <c>session</c> through a server (SANDBOX_HOST) print and exit exactly as they do in-process.</summary>
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

    [Fact]
    public async Task With_SANDBOX_HOSTS_a_run_goes_to_a_host_that_answers_whichever_is_tried_first()
    {
        await Server.RequireExecutorAsync("host");
        var dead = $"http://127.0.0.1:{ClosedPort()}";
        var environment = new Dictionary<string, string> { ["SANDBOX_HOSTS"] = $"{dead}, {Server.TcpAddress}", ["SANDBOX_TOKEN"] = ServerProcess.TokenA };

        // The first host is picked at random: several runs try the dead one first at least once (1 - 2^-6 of the time).
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CliAsync(environment, ["run", "--executor", "host", "--", "echo", $"run{i}"])));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"run{i}\n"), runs.Select(r => r.Stdout));
    }

    [Fact]
    public async Task When_no_host_of_SANDBOX_HOSTS_answers_the_run_fails_with_a_typed_error_naming_each()
    {
        var (first, second) = ($"http://127.0.0.1:{ClosedPort()}", $"http://127.0.0.1:{ClosedPort()}");

        var run = await CliAsync(new() { ["SANDBOX_HOSTS"] = $"{first},{second}", ["SANDBOX_TOKEN"] = ServerProcess.TokenA }, ["run", "--", "true"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("None of the sandbox servers in SANDBOX_HOSTS answers", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(first, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(second, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Sandbox.", run.Stderr, StringComparison.Ordinal);
    }

    // A loopback port nobody listens on (bound, then released).
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Exec_through_the_server_prints_the_same_json_and_exits_the_same_as_in_process()
    {
        await Server.RequireExecutorAsync("host");
        var code = Path.Combine(Server.Folder, "exec-handler.py");
        var input = Path.Combine(Server.Folder, "exec-input.json");
        await File.WriteAllTextAsync(code, "def handler(input):\n    print('working')\n    return {'sum': input['a'] + input['b']}\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(input, """{"a": 1, "b": 2}""", TestContext.Current.CancellationToken);
        string[] exec = ["exec", "--executor", "host", "--template", "python-handler", "--code", code, "--input", input];

        var remote = await CliAsync(Host, ["--verbose", .. exec, "--json"]);
        var local = await CliAsync(new(), ["--no-server", "--config", Path.Combine(Server.Folder, "sandbox.json"), .. exec, "--json"]);
        var remotePlain = await CliAsync(Host, exec);
        var failing = await CliAsync(Host, ["exec", "--executor", "host", "--template", "python-handler", "--code", input]);

        Assert.True(remote.ExitCode == 0, remote.Stdout + remote.Stderr);
        Assert.Equal(local.ExitCode, remote.ExitCode);
        Assert.Contains($"served by the sandbox server at unix:{Server.SocketPath}", remote.Stderr, StringComparison.Ordinal);
        using var remoteJson = JsonDocument.Parse(remote.Stdout);
        using var localJson = JsonDocument.Parse(local.Stdout);
        Assert.Equal(localJson.RootElement.EnumerateObject().Select(p => p.Name), remoteJson.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var member in (string[])["ok", "result", "error"])
            Assert.Equal(localJson.RootElement.GetProperty(member).GetRawText(), remoteJson.RootElement.GetProperty(member).GetRawText());
        // Without --json: the result on stdout, the code's own output streamed to stderr, as in-process.
        Assert.Equal(0, remotePlain.ExitCode);
        Assert.Equal("{\"sum\":3}", remotePlain.Stdout.Replace(" ", "").Replace("\n", ""));
        Assert.Contains("working", remotePlain.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("python-handler failed", failing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_drives_a_session_through_the_server_with_the_same_output_and_exit_codes()
    {
        await Server.RequireExecutorAsync("docker");
        var workspace = Directory.CreateTempSubdirectory("sandbox-cli-session-");
        await File.WriteAllTextAsync(Path.Combine(workspace.FullName, "calc.py"), "def add(a, b):\n    return a + b\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(workspace.FullName, "test_calc.py"), "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n", TestContext.Current.CancellationToken);
        var broken = Path.Combine(workspace.FullName, "broken.py.txt");
        await File.WriteAllTextAsync(broken, "def add(a, b):\n    return a - b\n", TestContext.Current.CancellationToken);

        var created = await CliAsync(Host, ["session", "create", "--image", TestUtilities.TestImages.PythonPytest, "--workspace", workspace.FullName, "--ttl", "10m"]);
        var id = created.Stdout.Trim();
        try
        {
            Assert.True(created.ExitCode == 0, created.Stderr);
            var exec = await CliAsync(Host, ["session", "exec", id, "--", "sh", "-c", "ls calc.py test_calc.py; exit 3"]);
            var timedOut = await CliAsync(Host, ["session", "exec", id, "--timeout", "1s", "--", "sleep", "60"]);
            var passing = await CliAsync(Host, ["session", "test", id]);
            var applied = await CliAsync(Host, ["session", "apply", id, "--write", $"calc.py={broken}"]);
            var failing = await CliAsync(Host, ["session", "test", id, "--json"]);
            var copied = await CliAsync(Host, ["session", "cp-out", id, "calc.py", "--out", Path.Combine(workspace.FullName, "out")]);
            var missing = await CliAsync(Host, ["session", "cp-out", id, "no-such-file.txt", "--out", Path.Combine(workspace.FullName, "out")]);
            var listed = await CliAsync(Host, ["session", "list"]);
            var stats = await CliAsync(Host, ["session", "stats", id, "--json"]);
            // Another tenant's token: the session does not exist for it.
            var stranger = await CliAsync(new() { ["SANDBOX_HOST"] = Server.TcpAddress.ToString(), ["SANDBOX_TOKEN"] = ServerProcess.TokenB }, ["session", "exec", id, "--", "true"]);

            Assert.Equal(3, exec.ExitCode);
            Assert.Equal("calc.py\ntest_calc.py\n", exec.Stdout);
            Assert.Equal(124, timedOut.ExitCode);
            Assert.Contains("timed out", timedOut.Stderr, StringComparison.Ordinal);
            Assert.True(passing.ExitCode == 0, passing.Stdout + passing.Stderr);
            Assert.StartsWith("pytest: 1 passed, 0 failed, 0 skipped", passing.Stdout, StringComparison.Ordinal);
            Assert.True(applied.ExitCode == 0, applied.Stderr);
            Assert.Contains("wrote /workspace/calc.py", applied.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, failing.ExitCode);
            using (var report = JsonDocument.Parse(failing.Stdout))
            {
                Assert.Equal(1, report.RootElement.GetProperty("failed").GetInt32());
                Assert.Contains("test_calc.py::test_add", report.RootElement.GetProperty("failedTests").EnumerateArray().Select(t => t.GetString()));
            }

            Assert.True(copied.ExitCode == 0, copied.Stderr);
            Assert.True(missing.ExitCode == 1, $"{missing.ExitCode}: {missing.Stderr}");
            Assert.Equal("def add(a, b):\n    return a - b\n", await File.ReadAllTextAsync(Path.Combine(workspace.FullName, "out", "calc.py"), TestContext.Current.CancellationToken));
            Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
            Assert.True(stats.ExitCode == 0, stats.Stderr);
            Assert.True(JsonDocument.Parse(stats.Stdout).RootElement.TryGetProperty("memoryBytes", out _), stats.Stdout);
            Assert.Equal(125, stranger.ExitCode);
            Assert.Contains(id, stranger.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            var removed = await CliAsync(Host, ["session", "rm", id]);
            Assert.True(removed.ExitCode == 0, removed.Stderr);
            Assert.Equal($"removed {id}\n", removed.Stdout);
            workspace.Delete(recursive: true);
        }

        var gone = await CliAsync(Host, ["session", "exec", id, "--", "true"]);
        Assert.Equal(125, gone.ExitCode);
        Assert.DoesNotContain(id, (await CliAsync(Host, ["session", "list"])).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_server_runs_in_process_even_when_SANDBOX_HOST_names_a_server()
    {
        await Server.RequireExecutorAsync("host");

        var run = await CliAsync(Host, ["--verbose", "--no-server", "--config", Path.Combine(Server.Folder, "sandbox.json"), "run", "--executor", "host", "--", "echo", "local"]);
        var unreachable = await CliAsync(new() { ["SANDBOX_HOST"] = $"unix:{Path.Combine(Server.Folder, "nobody.sock")}" }, ["exec", "--template", "python-handler", "--code", Path.Combine(Server.Folder, "sandbox.json")]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("local\n", run.Stdout);
        Assert.DoesNotContain("served by the sandbox server", run.Stderr, StringComparison.Ordinal);
        // A named server that does not answer is a framework error that says what to do, not a silent in-process run.
        Assert.Equal(125, unreachable.ExitCode);
        Assert.Contains("--no-server", unreachable.Stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Host => new() { ["SANDBOX_HOST"] = $"unix:{Server.SocketPath}" };

    internal static async Task<(int ExitCode, string Stdout, string Stderr, int Pid)> CliAsync(Dictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["exec", ServerProcess.CliPath, .. arguments]) start.ArgumentList.Add(argument);
        foreach (var name in (string[])["SANDBOX_HOST", "SANDBOX_HOSTS", "SANDBOX_TOKEN", "SANDBOX_TOKEN_FILE", "SANDBOX_CONFIG"]) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr, process.Id);
    }
}
