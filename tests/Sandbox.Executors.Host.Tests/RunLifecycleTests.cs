using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Executors.Host.Tests;

/// <summary>Environment, working directory lifetime, kills that reach escaped processes, and weakened runs.</summary>
public sealed class RunLifecycleTests
{
    private readonly HostRuns _runs = new(HostExecutors.Strongest);

    [Fact]
    public async Task The_environment_holds_only_PATH_HOME_LANG_and_the_requested_variables()
    {
        var result = await _runs.RunAsync(_runs.Request("env") with { Environment = new Dictionary<string, string> { ["APP_MODE"] = "test" } });

        var names = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]).Order(StringComparer.Ordinal);
        Assert.Equal(["APP_MODE", "HOME", "LANG", "PATH"], names);
        Assert.Contains("LANG=C.UTF-8\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"HOME={(_runs.Executor.Plan.Namespaces ? "/workspace" : "")}", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_workload_gets_SIGPIPE_back_so_a_pipeline_ends_quietly(string isolation)
    {
        // .NET, which starts the wrapper, ignores SIGPIPE, and an ignored signal stays ignored across exec.
        var runs = new HostRuns(isolation == "namespaces" ? HostExecutors.Strongest : isolation == "process" ? HostExecutors.ProcessOnly : HostExecutors.Unisolated);

        var result = await runs.RunAsync(runs.Shell("yes | head -n 1; grep SigIgn /proc/self/status"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stderr);
        var ignored = Convert.ToUInt64(result.Stdout.Split('\n')[1].Split('\t')[1], 16);
        Assert.True((ignored & (1UL << (13 - 1))) == 0, $"SIGPIPE is ignored in the workload: {result.Stdout}");
    }

    [Fact]
    public async Task The_run_directory_exists_during_the_run_and_is_removed_after_it()
    {
        string? runDirectory = null;
        var request = _runs.Shell("echo ready; sleep 0.2") with
        {
            OnOutput = _ => runDirectory ??= Directory.GetDirectories(_runs.Executor.TempRoot).Single(d => Cleanup.RunName.TryParse(Path.GetFileName(d))?.Owner == Cleanup.RunOwner.Current),
        };

        var result = await _runs.RunAsync(request);

        Assert.NotNull(runDirectory);
        Assert.Equal(Path.GetFileName(runDirectory), result.SandboxId);
        Assert.False(Directory.Exists(runDirectory));
    }

    [Fact]
    public async Task A_failure_after_the_sandbox_exists_still_removes_it()
    {
        // "a" is staged as a file, then "a/b" needs it to be a directory: copy-in fails inside the run.
        var request = _runs.Shell("true") with { Files = [SandboxFile.FromText("a", "file"), SandboxFile.FromText("a/b", "nested")] };

        await Assert.ThrowsAsync<InvalidRequestException>(() => _runs.Executor.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(0, HostExecutors.CountLeftovers(_runs.Executor, request.Id!));
    }

    [Fact]
    public async Task An_absolute_path_outside_the_working_directory_is_refused()
    {
        var request = _runs.Shell("true") with { Files = [SandboxFile.FromText("/etc/cron.d/job", "x")] };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _runs.Executor.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("files[0].path", error.Field);
        Assert.Contains("outside the working directory", error.Problem, StringComparison.Ordinal);
    }

    public static TheoryData<string> Isolations => ["namespaces", "process", "none"];

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_process_that_leaves_the_session_is_killed_on_timeout(string isolation)
    {
        var runs = new HostRuns(isolation == "namespaces" ? HostExecutors.Strongest : isolation == "process" ? HostExecutors.ProcessOnly : HostExecutors.Unisolated);
        var marker = $"3600.{Random.Shared.Next(100000, 999999)}";
        var request = runs.Shell($"(setsid sleep {marker} > /dev/null 2>&1 < /dev/null &); exec sleep {marker}");
        request = request with { Limits = request.Limits with { Timeout = TimeSpan.FromSeconds(1) } };

        var result = await runs.RunAsync(request);

        Assert.True(result.TimedOut);
        if (isolation == "none")
        {
            // Without namespaces or cgroups nothing can find a process that left the session and was reparented:
            // that is why this level advertises no isolation. Clean it up for the next tests.
            Assert.Equal(1, Survivors(marker, kill: true));
            return;
        }

        Assert.Equal(0, Survivors(marker, kill: false));
    }

    [Fact]
    public async Task A_large_standard_input_the_command_never_reads_does_not_block_the_run()
    {
        var result = await _runs.RunAsync(_runs.Request("true") with { StandardInput = new byte[4 * 1024 * 1024] });

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task A_weakened_run_is_reported_in_the_result_and_logged_as_a_warning()
    {
        var logs = new CapturingLoggerFactory();
        var executor = new HostExecutor(new PluginContext(AppContext.BaseDirectory, JsonSerializer.SerializeToElement(new { isolation = "process" }), logs));
        var request = new ExecutionRequest { Id = $"weak-{Guid.NewGuid():N}", Command = ["true"], AllowWeakerIsolation = true };

        var result = await new HostRuns(executor).RunAsync(request);

        var expected = SandboxFeatures.NetworkIsolation | SandboxFeatures.ReadOnlyRoot | SandboxFeatures.Tmpfs | SandboxFeatures.Seccomp;
        Assert.Equal(expected, result.WeakenedFeatures);
        Assert.Equal(IsolationLevel.Process, result.IsolationLevel);
        Assert.Contains(result.Warnings, w => w.Contains("not enforced", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("no network", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Links_inside_the_output_are_collected_as_files_and_FIFOs_are_skipped()
    {
        var result = await _runs.RunShellAsync("mkdir out && echo real > out/real.txt && ln -s real.txt out/alias.txt && mkfifo out/pipe",
            r => r with { OutputPaths = ["out"] });

        Assert.Equal(["out/alias.txt", "out/real.txt"], result.OutputFiles.Select(f => f.RelativePath));
        Assert.All(result.OutputFiles, f => Assert.Equal("real\n"u8.ToArray(), f.Content.ToArray()));
        Assert.Contains(result.Warnings, w => w.Contains("pipe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collection_stops_at_the_collected_files_cap_with_a_warning()
    {
        var result = await _runs.RunShellAsync("mkdir out && head -c 600 /dev/zero > out/a && head -c 600 /dev/zero > out/b",
            r => r with { OutputPaths = ["out"], Limits = r.Limits with { CollectedFilesBytes = 1000 } });

        Assert.Equal("out/a", Assert.Single(result.OutputFiles).RelativePath);
        Assert.Contains(result.Warnings, w => w.Contains("collectedFiles", StringComparison.Ordinal));
    }

    private static int Survivors(string marker, bool kill)
    {
        var pids = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ReadArgs(pid).Contains(marker))
            .ToList();
        if (kill) pids.ForEach(pid => Native.Libc.Kill(pid));
        return pids.Count;
    }

    private static string[] ReadArgs(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
    }
}
