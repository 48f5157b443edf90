using Sandbox.Testing;
using Sandbox.TestUtilities;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>`sandbox session` end to end on the real Docker engine, each step a new CLI process as in a shell script.</summary>
public sealed class SessionCommandTests
{
    // The CLI's own bundled plugins (built beside it), with docker as the default executor.
    private static readonly Lazy<string> DockerConfig = new(() =>
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var plugins = RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", configuration, "net10.0", "plugins");
        return WriteConfig($$"""{ "defaultExecutor": "docker", "pluginFolders": [ "{{plugins}}" ] }""");
    });

    [Fact]
    public async Task A_script_creates_a_session_runs_commands_and_tests_in_it_and_removes_it()
    {
        EngineGate.Require(File.Exists(TestImages.DockerSocket), $"Docker engine at {TestImages.DockerSocket}", "run `bash build/setup.sh`");
        var workspace = Directory.CreateTempSubdirectory("sandbox-session-");
        File.WriteAllText(Path.Combine(workspace.FullName, "calc.py"), "def add(a, b):\n    return a + b\n");
        File.WriteAllText(Path.Combine(workspace.FullName, "test_calc.py"), "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n");
        var broken = Path.Combine(Scratch.Folder().FullName, "broken.py");
        File.WriteAllText(broken, "def add(a, b):\n    return a - b\n");
        var config = DockerConfig.Value;

        var created = await InvokeAsync("--config", config, "session", "create", "--image", TestImages.PythonPytest, "--workspace", workspace.FullName, "--ttl", "10m");
        var id = created.Stdout.Trim();
        try
        {
            Assert.True(created.ExitCode == 0, created.Stderr);
            var exec = await RunProcessWithConfigAsync(config, "session", "exec", id, "--", "sh", "-c", "ls; exit 3");
            var timedOut = await RunProcessWithConfigAsync(config, "session", "exec", id, "--timeout", "1s", "--", "sleep", "60");
            var applied = await RunProcessWithConfigAsync(config, "session", "apply", id, "--write", $"calc.py={broken}", "--delete", "never-existed.txt");
            var climbing = await RunProcessWithConfigAsync(config, "session", "apply", id, "--write", $"calc.py={broken}", "--delete", "../../etc");
            var failing = await RunProcessWithConfigAsync(config, "session", "test", id);
            var listed = await RunProcessWithConfigAsync(config, "session", "list");

            Assert.Equal(3, exec.ExitCode);
            Assert.Equal("calc.py\ntest_calc.py\n", exec.Stdout);
            Assert.Equal(124, timedOut.ExitCode);
            Assert.True(applied.ExitCode == 0, applied.Stderr);
            Assert.Contains("wrote /workspace/calc.py", applied.Stdout);
            Assert.Equal(125, climbing.ExitCode);
            Assert.Contains("--delete: '../../etc' contains '..'", climbing.Stderr, StringComparison.Ordinal);
            Assert.Equal(1, failing.ExitCode);
            Assert.StartsWith("pytest: 0 passed, 1 failed, 0 skipped", failing.Stdout, StringComparison.Ordinal);
            Assert.Contains("FAILED test_calc.py::test_add", failing.Stdout);
            Assert.Contains("1 failed", failing.Stderr); // pytest's own output, streamed to stderr as it ran
            Assert.Contains(id, listed.Stdout);
        }
        finally
        {
            var removed = await InvokeAsync("--config", config, "session", "rm", id);
            Assert.True(removed.ExitCode == 0, removed.Stderr);
            workspace.Delete(recursive: true);
        }

        var gone = await RunProcessWithConfigAsync(config, "session", "exec", id, "--", "true");
        Assert.Equal(125, gone.ExitCode);
        Assert.Contains($"No session '{id}'", gone.Stderr);
    }

    [Fact]
    public async Task Sessions_are_refused_by_an_executor_without_them()
    {
        var run = await InvokeAsync("session", "create");

        Assert.Equal(125, run.ExitCode);
        Assert.Contains("sessions", run.Stderr);
    }

    [Fact]
    public async Task An_in_process_session_with_an_allow_list_is_refused_before_anything_starts_and_points_at_a_server()
    {
        var run = await InvokeAsync("--config", DockerConfig.Value, "session", "create", "--no-server", "--allow-host", "pypi.org");

        Assert.Equal(125, run.ExitCode);
        Assert.Contains("sandbox serve", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
