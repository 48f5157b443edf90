using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sandbox.Packaging.Tests;

/// <summary>
/// The linux-x64 tool's `sandbox` is the CLI compiled ahead of time: it serves run, exec and session through a server
/// itself and hands every other command to the managed CLI next to it (`sandbox-managed`).
/// </summary>
[Collection(PackedFrameworkCollection.Name)]
public sealed class NativeCliTests(PackedFramework packed)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_installed_tool_runs_through_a_server_natively_and_hands_in_process_commands_to_the_managed_CLI()
    {
        Assert.SkipUnless(RuntimeInformation.RuntimeIdentifier == "linux-x64", "The native CLI is in the linux-x64 package only.");
        var tools = await packed.Feed.InstallToolAsync("Sandbox.Cli", Timeout, TestContext.Current.CancellationToken);
        var store = Path.Combine(tools, ".store", "sandbox.cli", packed.Feed.Version, "sandbox.cli.linux-x64", packed.Feed.Version, "tools", "net10.0", "linux-x64");
        Assert.True(new FileInfo(Path.Combine(store, "sandbox")).Length > 4_000_000, "`sandbox` is not the natively compiled CLI");
        Assert.True(File.Exists(Path.Combine(store, "sandbox-managed")), "the managed CLI's launcher is missing");

        // The server itself is a command the native CLI hands over (it loads plugins); the runs then go through it.
        // A copy of the tool without its managed half proves which one served them.
        var script = $"""
            sock="$PWD/s.sock"
            sandbox serve --listen "unix:$sock" > serve.log 2>&1 &
            server=$!
            trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
            for i in $(seq 300); do [ -S "$sock" ] && break; sleep 0.1; done
            cp -r '{store}' native-only && rm native-only/sandbox-managed
            export SANDBOX_HOST="unix:$sock"
            native-only/sandbox --verbose run --executor host -- /bin/sh -c 'echo through-the-server'
            set +e
            native-only/sandbox run --json --executor host -- /bin/sh -c 'exit 3' > result.json
            echo "json-exit=$?"
            native-only/sandbox session list --json --executor host | tr -d ' \n'; echo
            native-only/sandbox --no-server run --executor host -- /bin/true 2> handoff.err
            echo "handoff-exit=$?"
            set -e
            sandbox --no-server run --executor host -- /bin/sh -c 'echo in-process'
            cat handoff.err >&2
            """;
        var folder = Directory.CreateTempSubdirectory("sandbox-native-cli-");
        try
        {
            var (exitCode, stdout, stderr) = await Bash.RunAsync(script, folder.FullName, ToolPackageTests.Environment(tools), Timeout);
            var log = $"exit {exitCode}\n{stdout}\n{stderr}\nserver log:\n{ReadIfExists(Path.Combine(folder.FullName, "serve.log"))}";
            Assert.True(exitCode == 0, log);
            Assert.Equal(["through-the-server", "json-exit=3", "[]", "handoff-exit=125", "in-process"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("served by the sandbox server at unix:", stderr, StringComparison.Ordinal);
            Assert.Contains("cannot start the managed CLI", stderr, StringComparison.Ordinal);

            // The document is the managed CLI's, enums as names included.
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "result.json"), TestContext.Current.CancellationToken));
            Assert.Equal(3, result.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Equal("host", result.RootElement.GetProperty("executor").GetString());
            Assert.Equal(JsonValueKind.String, result.RootElement.GetProperty("isolationLevel").ValueKind);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_installed_tool_starts_a_CLI_daemon_and_the_native_CLI_sends_the_next_runs_to_it()
    {
        Assert.SkipUnless(RuntimeInformation.RuntimeIdentifier == "linux-x64", "The native CLI is in the linux-x64 package only.");
        var tools = await packed.Feed.InstallToolAsync("Sandbox.Cli", Timeout, TestContext.Current.CancellationToken);

        // The first run has no daemon: the native CLI hands it to the managed one, which runs it and starts the daemon.
        var script = """
            export SANDBOX_DAEMON=on SANDBOX_CACHE="$PWD/cache"
            trap 'sandbox daemon stop > /dev/null' EXIT
            sandbox --verbose run --executor host -- /bin/sh -c 'echo first' 2> first.err
            for i in $(seq 300); do
              sandbox --verbose run --executor host -- /bin/true 2>&1 | grep -q 'served by the sandbox CLI daemon' && break
              sleep 0.2
            done
            set +e
            sandbox --verbose run --executor host -- /bin/sh -c 'echo through-the-daemon; exit 4' 2> served.err
            echo "served-exit=$?"
            set -e
            echo "daemons=$(sandbox daemon list | wc -l)"
            sandbox daemon stop
            echo "after-stop=$(sandbox daemon list | wc -l)"
            cat first.err served.err >&2
            """;
        var folder = Directory.CreateTempSubdirectory("sandbox-native-daemon-");
        try
        {
            var (exitCode, stdout, stderr) = await Bash.RunAsync(script, folder.FullName, ToolPackageTests.Environment(tools), Timeout);
            var daemons = Path.Combine(folder.FullName, "cache", "daemons");
            var daemonLogs = Directory.Exists(daemons) ? string.Join("\n", Directory.EnumerateFiles(daemons, "*.log").Select(File.ReadAllText)) : "(none)";
            var log = $"exit {exitCode}\n{stdout}\n{stderr}\ndaemon logs:\n{daemonLogs}";
            Assert.True(exitCode == 0, log);
            Assert.Equal(["first", "through-the-daemon", "served-exit=4", "daemons=1", "stopped 1 daemon(s)", "after-stop=0"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("started the CLI daemon", stderr, StringComparison.Ordinal);
            Assert.Contains("served by the sandbox CLI daemon at unix:", stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "(none)";
}
