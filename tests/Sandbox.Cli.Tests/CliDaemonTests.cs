using Sandbox.TestUtilities;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>
/// The CLI's daemon, with real processes: a `sandbox run` started by the test starts it, later ones go through it, and
/// `sandbox daemon stop` ends it. Each test has its own cache folder, so its own daemons. The pass through a server
/// leaves these commands alone: where a command goes is what is tested.
/// </summary>
public sealed class CliDaemonTests : IAsyncLifetime
{
    private readonly string _cache = Scratch.Folder().FullName;

    private Dictionary<string, string> DaemonOn(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["SANDBOX_DAEMON"] = "on", ["SANDBOX_CACHE"] = _cache };
        foreach (var (name, value) in more) environment[name] = value;
        return environment;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        // Whatever a test left running stops here, and must stop.
        var stop = await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "stop");
        Assert.Equal(0, stop.ExitCode);
    }

    [Fact]
    public async Task The_first_run_starts_a_daemon_and_the_next_run_is_served_by_it_with_the_same_output_and_exit_code()
    {
        var first = await SandboxAsync(DaemonOn(), FakeConfig, "--verbose", "run", "--", "fail", "42");
        Assert.Equal(42, first.ExitCode);
        Assert.Contains("started the CLI daemon", first.Stderr);
        await WaitUntilServedAsync(DaemonOn(), FakeConfig);

        var second = await ServedByDaemonAsync(DaemonOn(), FakeConfig, "run", "--", "fail", "42");
        Assert.Equal(42, second.ExitCode);
        Assert.Contains("failing with 42", second.Stderr);
        var echoed = await ServedByDaemonAsync(DaemonOn(), FakeConfig, "run", "--", "echo", "through", "the", "daemon");
        Assert.Equal("through the daemon\n", echoed.Stdout);

        var list = await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "list");
        Assert.Single(list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.Combine(_cache, "daemons"), list.Stdout);
    }

    [Fact]
    public async Task Stdin_read_by_the_cli_reaches_the_command_through_the_daemon()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);

        var run = await ServedWithStdinAsync(DaemonOn(), FakeConfig, stdin: "fed through\n", "run", "--stdin", "-", "--", "stdin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("fed through\n", run.Stdout);
    }

    [Fact]
    public async Task Another_environment_or_an_edited_configuration_is_served_by_another_daemon()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);
        await StartDaemonAsync(DaemonOn(("SANDBOX_TEST_MARK", "other")), FakeConfig);
        var config = WriteConfig("""{ "defaultExecutor": "fake" }""");
        await StartDaemonAsync(DaemonOn(), config);
        File.WriteAllText(config, """{ "defaultExecutor": "fake", "defaults": { "timeout": "1min" } }""");
        await StartDaemonAsync(DaemonOn(), config);

        var list = await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "list");
        Assert.Equal(4, list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Commands_started_together_each_run_and_leave_one_daemon_between_them()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => SandboxAsync(DaemonOn(), FakeConfig, "--verbose", "run", "--", "echo", $"run {i}")));

        Assert.Equal(["run 0\n", "run 1\n", "run 2\n"], runs.Select(r => r.Stdout));
        await WaitUntilServedAsync(DaemonOn(), FakeConfig);
        // A daemon started beside the one that took the key's lock finds it taken and exits at once.
        await WaitUntilAsync(() => DaemonProcesses().Count == 1);
        var list = await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "list");
        Assert.Single(list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // The one daemon's file with this extension (its socket, its process id file) in this test's cache folder.
    private string DaemonFile(string extension) => Directory.EnumerateFiles(Path.Combine(_cache, "daemons"), "*" + extension).Single();

    private string DaemonPid() => File.ReadAllText(DaemonFile(".pid")).Trim();

    // The `serve --daemon` processes of this test's cache folder.
    private List<int> DaemonProcesses() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && CommandLine(pid) is { } line && line.Contains("\0--daemon\0", StringComparison.Ordinal) && line.Contains(_cache, StringComparison.Ordinal))];

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            // It ended meanwhile.
            return null;
        }
    }

    [Fact]
    public async Task Stop_ends_every_daemon_and_leaves_no_socket_or_process_id_behind()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);

        var stop = await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "stop");

        Assert.Equal(0, stop.ExitCode);
        Assert.Equal("stopped 1 daemon(s)\n", stop.Stdout);
        var left = Directory.EnumerateFiles(Path.Combine(_cache, "daemons")).Select(Path.GetExtension).ToHashSet();
        Assert.DoesNotContain(".sock", left);
        Assert.DoesNotContain(".pid", left);
        var after = await SandboxAsync(DaemonOn(), FakeConfig, "--verbose", "run", "--", "echo");
        Assert.Contains("started the CLI daemon", after.Stderr);
    }

    [Theory]
    [InlineData("SANDBOX_DAEMON", "off")]
    [InlineData("CI", "true")]
    public async Task Off_by_setting_or_on_CI_every_run_is_in_process_and_no_daemon_starts(string name, string value)
    {
        var environment = DaemonOn();
        environment.Remove("SANDBOX_DAEMON");
        environment[name] = value;

        for (var i = 0; i < 2; i++)
        {
            var run = await SandboxAsync(environment, FakeConfig, "--verbose", "run", "--", "echo");
            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain("daemon", run.Stderr);
        }

        Assert.False(Directory.Exists(Path.Combine(_cache, "daemons")));
    }

    [Fact]
    public async Task No_server_runs_in_process_even_when_a_daemon_answers()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);

        var run = await SandboxAsync(DaemonOn(), FakeConfig, "--verbose", "--no-server", "run", "--", "echo", "here");

        Assert.Equal("here\n", run.Stdout);
        Assert.DoesNotContain("served by", run.Stderr);
    }

    [Fact]
    public async Task A_daemon_killed_outright_is_replaced_by_the_next_run_which_runs_in_its_own_process_meanwhile()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);
        var pid = int.Parse(DaemonPid());
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await WaitUntilAsync(() => !File.Exists($"/proc/{pid}/cmdline"));

        var run = await SandboxAsync(DaemonOn(), FakeConfig, "--verbose", "run", "--", "echo", "still");

        Assert.Equal("still\n", run.Stdout);
        Assert.Contains("started the CLI daemon", run.Stderr);
        await WaitUntilServedAsync(DaemonOn(), FakeConfig);
    }

    [Fact]
    public async Task A_real_docker_run_through_the_daemon_answers_as_an_in_process_one_and_leaves_nothing_after_stop()
    {
        await RequireHealthyAsync("docker");
        var config = WriteConfig("{}");
        var local = await SandboxAsync(DaemonOn(), config, "--no-server", "run", "--executor", "docker", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
        await StartDaemonAsync(DaemonOn(), config, "--executor", "docker");

        // The second run through the daemon takes the sandbox it kept ready after the first.
        for (var i = 0; i < 2; i++)
        {
            var served = await ServedByDaemonAsync(DaemonOn(), config, "run", "--executor", "docker", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
            Assert.Equal((local.ExitCode, local.Stdout, local.Stderr), (served.ExitCode, served.Stdout, served.Stderr.Replace(ServedLine(served.Stderr), "")));
        }

        var daemon = DaemonPid();
        var stop = await SandboxAsync(DaemonOn(), config, "daemon", "stop");
        Assert.Equal(0, stop.ExitCode);
        Assert.Empty(await ContainersOfAsync(daemon));
    }

    [Fact]
    public async Task A_command_stopped_by_SIGTERM_while_the_daemon_runs_it_exits_130_and_the_daemon_removes_its_container()
    {
        await RequireHealthyAsync("docker");
        var config = WriteConfig("{}");
        await StartDaemonAsync(DaemonOn(), config, "--executor", "docker");
        var daemon = DaemonPid();
        var marker = "sbx-daemon-cancel-" + Guid.NewGuid().ToString("N")[..12];

        using var command = StartProcess(DaemonOn(), ["--config", config, "run", "--executor", "docker", "--", "sh", "-c", "echo started; sleep 120", marker]);
        var stderr = command.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Equal("started", await command.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
        Assert.Single(await ContainersRunningAsync(daemon, marker));
        Sandbox.Server.Tests.ServerProcess.Signal(command.Id, Sandbox.Server.Tests.ServerProcess.SigTerm);

        await command.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(130, command.ExitCode);
        Assert.Contains("cancelled", await stderr);
        // The daemon saw its client go: it stops the run and removes the container, as a server does for any client.
        await WaitUntilAsync(async () => (await ContainersRunningAsync(daemon, marker)).Count == 0);
    }

    // The daemon's containers that run a process with the marker in its command line (docker top, as the workload's
    // argv reaches the container on stdin and is not its command).
    private static async Task<List<string>> ContainersRunningAsync(string daemon, string marker)
    {
        var running = new List<string>();
        foreach (var id in (await ContainersOfAsync(daemon)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // A container that stopped meanwhile has no top: its complaint is in the exit code.
            var top = await DockerAsync("top", id, "-eo", "pid,args");
            if (top.ExitCode == 0 && top.Output.Contains(marker, StringComparison.Ordinal)) running.Add(id);
        }

        return running;
    }

    // The containers on Docker labelled with the process that owns them.
    private static async Task<string> ContainersOfAsync(string pid) =>
        (await DockerAsync("ps", "-aq", "--filter", $"label=org.sandbox-framework.owner-pid={pid}")).Output.Trim();

    private static Task<HostToolResult> DockerAsync(params string[] arguments) =>
        HostTool.RunAsync("docker", ["-H", $"unix://{TestImages.DockerSocket}", .. arguments], TestContext.Current.CancellationToken);

    [Fact]
    public async Task Exec_goes_through_the_daemon_and_a_validator_rejects_there_as_in_process()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);
        var code = Path.Combine(Scratch.Folder().FullName, "handler.py");
        File.WriteAllText(code, "def handler(input):\n    return 'forbidden'\n");

        var run = await ServedByDaemonAsync(DaemonOn(), FakeConfig, "exec", "--template", "python-handler", "--code", code, "--json");

        Assert.Equal(126, run.ExitCode);
        Assert.Contains("KW0002", run.Stdout);
    }

    [Fact]
    public async Task A_daemon_that_stops_as_the_request_arrives_took_nothing_so_the_run_happens_in_process_with_the_same_stdin()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);
        var socket = DaemonFile(".sock");
        Assert.Equal(0, (await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "stop")).ExitCode);
        // In its place, a daemon in the middle of stopping: it answers every request "503, stopping" and takes nothing.
        using var stopping = StoppingServer.Listen(socket);

        var run = await RunProcessWithStdinAsync(DaemonOn(), FakeConfig, ["--verbose", "run", "--stdin", "-", "--", "stdin"], "read once\n", serverPass: false);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("read once\n", run.Stdout);
        Assert.Contains("took nothing", run.Stderr);
        Assert.True(stopping.Requests > 0);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_socket_served_by_another_user_in_the_daemons_place_gets_nothing_and_the_run_happens_in_process()
    {
        await StartDaemonAsync(DaemonOn(), FakeConfig);
        var socket = DaemonFile(".sock");
        Assert.Equal(0, (await SandboxAsync(DaemonOn(), FakeConfig, "daemon", "stop")).ExitCode);
        // The user nobody listens on a socket of its own, which then takes the daemon's name (as it could in a shared cache).
        var outside = Directory.CreateTempSubdirectory("sandbox-impostor-");
        try
        {
            File.SetUnixFileMode(outside.FullName, (UnixFileMode)0b111_111_111);
            var listening = Path.Combine(outside.FullName, "impostor.sock");
            var start = new System.Diagnostics.ProcessStartInfo("setpriv") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/bin/python3", "-c",
                         "import socket, sys, time; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(); print('listening', flush=True); time.sleep(300)", listening])
                start.ArgumentList.Add(argument);
            using var impostor = System.Diagnostics.Process.Start(start)!;
            try
            {
                Assert.Equal("listening", await impostor.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
                File.Move(listening, socket);
                // Also when it takes the name after the command checked who answers: its connection is closed unused.
                await Assert.ThrowsAsync<Sandbox.Cli.Daemon.DaemonImpostorException>(() => Sandbox.Cli.Daemon.DaemonSocket.ConnectAsync(socket, TestContext.Current.CancellationToken).AsTask());

                var run = await RunProcessWithStdinAsync(DaemonOn(), FakeConfig, ["--verbose", "run", "--stdin", "-", "--", "stdin"], "secret input\n", serverPass: false);

                Assert.Equal(0, run.ExitCode);
                Assert.Equal("secret input\n", run.Stdout);
                Assert.Contains("is served by another user's process (uid 65534), so nothing was sent to it", run.Stderr);
                Assert.DoesNotContain("served by the sandbox CLI daemon", run.Stderr);
            }
            finally
            {
                impostor.Kill();
                File.Delete(socket);
            }
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    /// <summary>A listener on a daemon's socket that answers as a stopping server does.</summary>
    private sealed class StoppingServer : IDisposable
    {
        private readonly System.Net.Sockets.Socket _listener;
        private int _requests;

        private StoppingServer(System.Net.Sockets.Socket listener)
        {
            _listener = listener;
            _ = Task.Run(AcceptAsync);
        }

        public int Requests => Volatile.Read(ref _requests);

        public static StoppingServer Listen(string path)
        {
            var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            listener.Listen(16);
            return new StoppingServer(listener);
        }

        public void Dispose()
        {
            var path = ((System.Net.Sockets.UnixDomainSocketEndPoint)_listener.LocalEndPoint!).ToString();
            _listener.Dispose();
            File.Delete(path);
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var connection = await _listener.AcceptAsync();
                    _ = Task.Run(() => AnswerAsync(connection));
                }
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // Disposed: the test is over.
            }
        }

        // Each connection on its own: the CLI's probe connects and closes without a request, and must not stop the rest.
        private async Task AnswerAsync(System.Net.Sockets.Socket connection)
        {
            using (connection)
            {
                try
                {
                    var buffer = new byte[65536];
                    // The request line and headers: enough to know a request came.
                    if (await connection.ReceiveAsync(buffer) == 0) return;
                    Interlocked.Increment(ref _requests);
                    await connection.SendAsync("HTTP/1.1 503 Service Unavailable\r\nSandbox-Stopping: true\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                    connection.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // The CLI went away first: nothing to answer.
                }
            }
        }
    }

    // The CLI as a process, never routed by the pass through a server: these tests are about where commands go.
    private static Task<Run> SandboxAsync(Dictionary<string, string> environment, string config, params string[] args) =>
        RunProcessWithStdinAsync(environment, config, args, stdin: null, serverPass: false);

    // Runs a command that starts the daemon, and waits until it answers.
    private async Task StartDaemonAsync(Dictionary<string, string> environment, string config, params string[] runOptions)
    {
        var run = await SandboxAsync(environment, config, ["--verbose", "run", .. runOptions, "--", "echo"]);
        Assert.Contains("started the CLI daemon", run.Stderr);
        await WaitUntilServedAsync(environment, config, runOptions);
    }

    // The daemon starts in the background: runs go to it once it answers.
    private static Task WaitUntilServedAsync(Dictionary<string, string> environment, string config, params string[] runOptions) =>
        WaitUntilAsync(async () => (await SandboxAsync(environment, config, ["--verbose", "run", .. runOptions, "--", "echo"])).Stderr.Contains("served by the sandbox CLI daemon"));

    private static Task<Run> ServedByDaemonAsync(Dictionary<string, string> environment, string config, params string[] args) =>
        ServedWithStdinAsync(environment, config, stdin: null, args);

    private static async Task<Run> ServedWithStdinAsync(Dictionary<string, string> environment, string config, string? stdin, params string[] args)
    {
        var run = await RunProcessWithStdinAsync(environment, config, ["--verbose", .. args], stdin, serverPass: false);
        Assert.Contains("served by the sandbox CLI daemon", run.Stderr);
        return run;
    }

    private static string ServedLine(string stderr) => stderr.Split('\n').First(l => l.Contains("served by the sandbox CLI daemon")) + "\n";

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 60 s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
