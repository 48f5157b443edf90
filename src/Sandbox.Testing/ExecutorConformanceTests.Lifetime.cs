using Sandbox.Abstractions;
using Xunit;

namespace Sandbox.Testing;

public abstract partial class ExecutorConformanceTests
{
    /// <summary>A run that hits its timeout is flagged, and its child and grandchild die with it.</summary>
    [Fact]
    public async Task Timeout_sets_TimedOut_and_kills_the_whole_process_tree()
    {
        var marker = NewSleepMarker();
        // A grandchild (reparented once its subshell exits), a background child and a foreground sleep.
        var request = Shell($"(sleep {marker} &); sleep {marker} & exec sleep {marker}");
        request = request with { Limits = request.Limits with { Timeout = ShortTimeout } };

        var result = await RunAsync(request);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        await AssertNoProcessAsync(marker);
    }

    /// <summary>When the command ends, background processes it left behind end too (as in a container).</summary>
    [Fact]
    public async Task Background_processes_end_with_the_command()
    {
        var marker = NewSleepMarker();

        var result = await RunAsync(Shell($"(sleep {marker} > /dev/null 2>&1 &); echo done"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.Stdout);
        await AssertNoProcessAsync(marker);
    }

    /// <summary>Cancelling a running command kills it, removes the sandbox, then throws <see cref="OperationCanceledException"/>.</summary>
    [Fact]
    public async Task Cancellation_mid_run_throws_and_leaves_nothing()
    {
        var marker = NewSleepMarker();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        var request = Shell($"echo ready; (sleep {marker} &); exec sleep {marker}") with
        {
            // Cancel asynchronously: the observer runs on the executor's output pump.
            OnOutput = line =>
            {
                if (line.Text == "ready") _ = cancellation.CancelAsync();
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor.ExecuteAsync(request, cancellation.Token));

        await AssertNoProcessAsync(marker);
        await AssertNothingLeftAsync(request.Id!);
    }

    /// <summary>
    /// A workload exceeding its memory limit is stopped; an executor that advertises OOM detection reports
    /// <see cref="ExecutionResult.OomKilled"/> and exit 137, as Docker does. One that enforces no memory limit refuses it.
    /// </summary>
    [Fact]
    public async Task Exceeding_the_memory_limit_stops_the_run_and_is_reported_as_an_OOM_kill_when_advertised()
    {
        if (!await AdvertisesOrRefusesAsync(SandboxFeatures.MemoryLimit)) return;
        var request = Request("python3", "-c", "x = b'x' * (512 * 1024 * 1024); print(len(x))");
        request = request with { Limits = request.Limits with { MemoryBytes = 64L * 1024 * 1024 } };

        var result = await RunAsync(request);

        Assert.False(result.Succeeded);
        Assert.NotEqual(0, result.ExitCode);
        if (Executor.Capabilities.Supports(SandboxFeatures.OomDetection))
        {
            Assert.True(result.OomKilled);
            Assert.Equal(137, result.ExitCode);
        }
    }

    /// <summary>
    /// CPU time and peak memory are measured when the executor advertises statistics, and never invented when it does
    /// not. The workload runs long enough (1.5 s) for executors that sample usage while the command runs.
    /// </summary>
    [Fact]
    public async Task Statistics_are_reported_exactly_when_advertised()
    {
        var result = await RunAsync(Request("python3", "-c", "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass\nx = b'x' * (16 * 1024 * 1024)"));

        Assert.Equal(0, result.ExitCode);
        if (Executor.Capabilities.Supports(SandboxFeatures.Stats))
        {
            Assert.True(result.Stats.CpuTime > TimeSpan.Zero, "CPU time was not measured");
            Assert.True(result.Stats.PeakMemoryBytes > 0, "peak memory was not measured");
        }
        else
        {
            Assert.Equal(ExecutionStats.Unknown, result.Stats);
        }
    }
}
