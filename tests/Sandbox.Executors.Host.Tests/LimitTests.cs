using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cleanup;

namespace Sandbox.Executors.Host.Tests;

/// <summary>Resource limits: written to the run's cgroups, or applied as rlimits where no cgroup enforces them.</summary>
public sealed class LimitTests
{
    private readonly HostRuns _runs;

    public LimitTests()
    {
        CapabilityProbingTests.RequireRootWithBubblewrap();
        _runs = new HostRuns(HostExecutors.Strongest);
    }

    [Fact]
    public async Task Memory_cpu_and_pids_limits_are_written_to_the_runs_cgroups()
    {
        var seen = new Dictionary<string, string>();
        var request = _runs.Shell("echo ready; sleep 2") with
        {
            Limits = ResourceLimits.Default with { MemoryBytes = 96L * 1024 * 1024, Cpus = 0.5, Pids = 40, Timeout = TimeSpan.FromSeconds(30) },
            // Read while the workload sleeps: the run's cgroups exist only during the run.
            OnOutput = line =>
            {
                if (line.Text != "ready") return;
                var bases = _runs.Executor.Plan.Cgroups;
                var run = RunInventory.List(_runs.Executor.TempRoot, bases).Single(r => r.Name.Owner == RunOwner.Current && r.HasCgroup).Name.ToString();
                seen["memory"] = File.ReadAllText(Path.Join(bases["memory"], run, "memory.limit_in_bytes")).Trim();
                seen["cpu"] = File.ReadAllText(Path.Join(bases["cpu"], run, "cpu.cfs_quota_us")).Trim();
                seen["pids"] = File.ReadAllText(Path.Join(bases["pids"], run, "pids.max")).Trim();
            },
        };

        var result = await _runs.RunAsync(request);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal((96L * 1024 * 1024).ToString(CultureInfo.InvariantCulture), seen["memory"]);
        Assert.Equal("50000", seen["cpu"]);
        Assert.Equal("42", seen["pids"]); // 40 for the workload plus bubblewrap's monitor and init
    }

    [Fact]
    public async Task A_fork_bomb_is_contained_by_the_pids_limit()
    {
        var result = await _runs.RunAsync(_runs.Request("python3", "-c",
            "import os, sys\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        print('limit', flush=True)\n        sys.exit(0)\n") with
        {
            Limits = ResourceLimits.Default with { Pids = 32, Timeout = TimeSpan.FromSeconds(20) },
        });

        Assert.False(result.TimedOut);
        Assert.Contains("limit", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_bomb_is_killed_and_reported()
    {
        var result = await _runs.RunAsync(_runs.Request("python3", "-c", "chunks = []\nwhile True:\n    chunks.append(b'x' * (8 * 1024 * 1024))") with
        {
            Limits = ResourceLimits.Default with { MemoryBytes = 48L * 1024 * 1024, Timeout = TimeSpan.FromSeconds(30) },
        });

        Assert.True(result.OomKilled);
        Assert.Equal(137, result.ExitCode);
        Assert.InRange(result.Stats.PeakMemoryBytes ?? 0, 1, 48L * 1024 * 1024);
    }

    [Fact]
    public async Task The_file_size_limit_stops_a_large_write()
    {
        var result = await _runs.RunShellAsync("head -c 2097152 /dev/zero > big; echo status=$?; stat -c %s big",
            r => r with { Limits = r.Limits with { FileSizeBytes = 1024 * 1024 } });

        Assert.Equal("status=153\n1048576\n", result.Stdout); // 128 + SIGXFSZ
    }

    [Fact]
    public async Task The_open_files_limit_is_applied()
    {
        var result = await _runs.RunShellAsync("ulimit -n", r => r with { Limits = r.Limits with { OpenFiles = 64 } });

        Assert.Equal("64\n", result.Stdout);
    }

    [Fact]
    public async Task Without_cgroups_memory_is_capped_by_RLIMIT_AS_and_no_OOM_is_claimed()
    {
        var runs = new HostRuns(HostExecutors.Create(new { useCgroups = false }));

        var result = await runs.RunAsync(runs.Request("python3", "-c", "x = b'x' * (256 * 1024 * 1024)") with
        {
            Limits = ResourceLimits.Default with { MemoryBytes = 64L * 1024 * 1024, Cpus = null, Timeout = TimeSpan.FromSeconds(30) },
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MemoryError", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.OomKilled);
        Assert.Equal(ExecutionStats.Unknown, result.Stats);
    }

    [Fact]
    public async Task Without_cgroups_a_pids_limit_for_a_host_root_workload_is_refused()
    {
        var executor = HostExecutors.Create(new { isolation = "process", useCgroups = false });
        var request = new HostRuns(executor).Shell("true") with { Security = SecurityProfile.Default with { User = "0", ReadOnlyRootFilesystem = false, Seccomp = SeccompMode.Unconfined }, Network = NetworkPolicy.Host };
        request = request with { Limits = request.Limits with { Pids = 64, Cpus = null } };

        var refusal = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => executor.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(SandboxFeatures.PidsLimit, refusal.Missing);
        Assert.Contains("RLIMIT_NPROC", refusal.Message, StringComparison.Ordinal);
    }
}
