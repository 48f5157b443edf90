using Sandbox.Abstractions;
using static Sandbox.Core.Pooling.Tests.DockerPool;

namespace Sandbox.Core.Pooling.Tests;

/// <summary>The warm pool on the real engine: isolation between runs, refill, exhaustion and shutdown.</summary>
public sealed class DockerPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_written_by_one_pooled_run_is_not_visible_to_the_next()
    {
        await using var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 2 });
        var writer = Request("sh", "-c", "echo secret > left.txt && echo secret > /tmp/left.txt && (sleep 600.123 > /dev/null 2>&1 &) && echo done");
        var first = await pool.Executor.ExecuteAsync(writer, Ct);
        const string look = "import os\nprint(sorted(os.listdir('.')), sorted(os.listdir('/tmp')))\nprint([open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc') if p.isdigit()])";

        var second = await pool.Executor.ExecuteAsync(Request("python3", "-c", look), Ct);

        Assert.Equal("done\n", first.Stdout);
        Assert.True(second.Succeeded, second.Stderr);
        Assert.StartsWith("[] []", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("600.123", second.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(first.SandboxId, second.SandboxId);
        Assert.Equal(0, await pool.CountLeftoversAsync(writer.Id!));
    }

    [Fact]
    public async Task A_run_with_an_egress_allow_list_is_served_warm_and_reports_its_egress()
    {
        await using var pool = await StartAsync(PoolPolicy.Default);
        var request = Request("true") with { Egress = EgressPolicy.Parse(["allowed.test"], null) };

        var result = await pool.Executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr + result.Error?.Message);
        Assert.DoesNotContain(PooledExecutor.NotPooledForEgress, result.Warnings);
        Assert.Equal("pool-acquire", result.Phases[0].Name);
        Assert.NotNull(result.Network);
    }

    [Fact]
    public async Task A_pooled_result_has_the_shape_of_a_cold_one()
    {
        await using var pool = await StartAsync(PoolPolicy.Default);
        var request = Request("sh", "-c", "cat in.txt; echo err >&2; mkdir out; echo o > out/o.txt; exit 3") with
        {
            Files = [SandboxFile.FromText("in.txt", "in\n")],
            OutputPaths = ["out"],
        };

        var pooled = await pool.Executor.ExecuteAsync(request, Ct);
        var cold = await pool.Executor.Inner.ExecuteAsync(request with { Id = request.Id + "-cold" }, Ct);

        Assert.Equal((cold.ExitCode, cold.Stdout, cold.Stderr, cold.TimedOut, cold.OomKilled), (pooled.ExitCode, pooled.Stdout, pooled.Stderr, pooled.TimedOut, pooled.OomKilled));
        Assert.Equal(cold.OutputFiles.Select(f => f.RelativePath), pooled.OutputFiles.Select(f => f.RelativePath));
        Assert.Equal((cold.Executor, cold.IsolationLevel, cold.WeakenedFeatures, cold.CleanupSucceeded), (pooled.Executor, pooled.IsolationLevel, pooled.WeakenedFeatures, pooled.CleanupSucceeded));
        Assert.Equal("pool-acquire", pooled.Phases[0].Name);
        Assert.Equal("remove", pooled.Phases[^1].Name);
        Assert.NotNull(pooled.SandboxId);
        Assert.Equal(0, await pool.CountLeftoversAsync(request.Id!));
    }

    [Fact]
    public async Task The_minimum_is_kept_ready_and_refilled_in_the_background()
    {
        await using var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 2, MaxSize = 3 });
        Assert.Equal(2, await pool.CountCreatedStillThereAsync());

        var result = await pool.Executor.ExecuteAsync(Request("true"), Ct);

        Assert.True(result.Succeeded, result.Stderr);
        await EventuallyAsync(async () => pool.Executor.GetStatus().Single().Ready == 2 && await pool.CountCreatedStillThereAsync() == 2, "two ready sandboxes exist again");
        Assert.Equal(3, pool.Created);
    }

    [Fact]
    public async Task A_ready_sandbox_that_died_is_replaced_before_it_is_handed_out()
    {
        await using var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 1, HealthCheckAfter = TimeSpan.FromMilliseconds(1) });
        var ready = pool.Executor.GetStatus().Single();
        Assert.Equal(1, ready.Ready);
        var dead = Assert.Single(pool.CreatedIds);
        using (var client = Sandbox.Engines.DockerApi.TestKit.TestEngine<DockerTarget>.RawClient())
            await client.Containers.KillContainerAsync((await ContainerOfAsync(dead))!, new Docker.DotNet.Models.ContainerKillParameters { Signal = "SIGKILL" }, Ct);

        var result = await pool.Executor.ExecuteAsync(Request("echo", "fresh"), Ct);

        Assert.True(result.Succeeded, $"{result.Error?.Message} {result.Stderr}");
        Assert.Equal("fresh\n", result.Stdout);
        Assert.NotEqual(dead, result.SandboxId);
        await EventuallyAsync(async () => await ContainerOfAsync(dead) is null, "the dead sandbox is removed");
    }

    [Fact]
    public async Task Fail_fast_refuses_while_the_only_sandbox_is_in_use()
    {
        await using var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 1, MaxSize = 1, WhenExhausted = PoolExhaustionMode.FailFast });
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = pool.Executor.ExecuteAsync(Request("sh", "-c", "echo ready; sleep 2") with { OnOutput = l => { if (l.Text == "ready") ready.TrySetResult(); } }, Ct);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var error = await Assert.ThrowsAsync<CapacityExhaustedException>(() => pool.Executor.ExecuteAsync(Request("true"), Ct));

        Assert.Equal(ErrorKind.CapacityExhausted, error.Kind);
        Assert.True((await busy).Succeeded);
    }

    [Fact]
    public async Task Shutting_the_pool_down_removes_every_ready_sandbox()
    {
        var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 3 });
        Assert.Equal(3, await pool.CountCreatedStillThereAsync());

        await pool.DisposeAsync();

        Assert.Equal(0, await pool.CountCreatedStillThereAsync());
        Assert.Equal(0, pool.Limiter.Live);
    }

    internal static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100, Ct);
        }
    }
}
