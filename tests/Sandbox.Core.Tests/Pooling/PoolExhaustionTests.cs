using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using static Sandbox.Core.Tests.Pooling.PoolTestKit;

namespace Sandbox.Core.Tests.Pooling;

public sealed class PoolExhaustionTests
{
    private static PoolPolicy OneSandbox(PoolExhaustionMode mode) => PoolPolicy.Default with
    {
        MinIdle = 1, MaxSize = 1, WhenExhausted = mode, AcquireTimeout = TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public async Task Fail_fast_refuses_at_once_with_a_capacity_error()
    {
        await using var kit = new PoolTestKit(OneSandbox(PoolExhaustionMode.FailFast));
        var (blocked, session) = await StartBlockingRunAsync(kit);

        var error = await Assert.ThrowsAsync<CapacityExhaustedException>(() => kit.Executor.ExecuteAsync(Request("echo"), Ct));

        Assert.Equal(ErrorKind.CapacityExhausted, error.Kind);
        Assert.Equal(TimeSpan.Zero, error.Waited);
        Assert.Contains("whenExhausted", error.Message, StringComparison.Ordinal);
        session.Release();
        Assert.True((await blocked).Succeeded);
    }

    [Fact]
    public async Task Wait_gives_up_after_the_acquire_timeout_with_a_capacity_error()
    {
        await using var kit = new PoolTestKit(OneSandbox(PoolExhaustionMode.Wait));
        var (blocked, session) = await StartBlockingRunAsync(kit);

        var error = await Assert.ThrowsAsync<CapacityExhaustedException>(() => kit.Executor.ExecuteAsync(Request("echo"), Ct));

        Assert.True(error.Waited > TimeSpan.Zero);
        Assert.Equal(0, kit.Status().Waiting);
        session.Release();
        await blocked;
    }

    [Fact]
    public async Task Wait_hands_the_next_sandbox_to_the_waiting_run()
    {
        await using var kit = new PoolTestKit(OneSandbox(PoolExhaustionMode.Wait) with { AcquireTimeout = TimeSpan.FromSeconds(30) });
        var (blocked, session) = await StartBlockingRunAsync(kit);

        var waiting = kit.Executor.ExecuteAsync(Request("echo", "second"), Ct);
        await EventuallyAsync(() => kit.Status().Waiting == 1, "the second run waits");
        session.Release();

        Assert.Equal("second\n", (await waiting).Stdout);
        Assert.NotEqual((await blocked).SandboxId, (await waiting).SandboxId);
        Assert.Equal(1, kit.Fake.PeakLive);
    }

    [Fact]
    public async Task Cold_runs_cold_when_no_warm_sandbox_is_ready()
    {
        await using var kit = new PoolTestKit(OneSandbox(PoolExhaustionMode.Cold));
        var (blocked, session) = await StartBlockingRunAsync(kit);

        var result = await kit.Executor.ExecuteAsync(Request("echo", "cold"), Ct);

        Assert.Equal("cold\n", result.Stdout);
        Assert.Equal(["pool-acquire", "queue", "create"], result.Phases.Take(3).Select(p => p.Name));
        Assert.StartsWith("cold-", result.SandboxId, StringComparison.Ordinal);
        Assert.Equal(1, kit.Fake.ColdRuns);
        session.Release();
        await blocked;
    }

    [Fact]
    public async Task A_failed_start_reaches_the_waiting_run_as_the_error_a_cold_run_would_have()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 0 });
        kit.Fake.StartFailure = () => new EngineUnavailableException("fake", "unix:///nowhere.sock", "start it");

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => kit.Executor.ExecuteAsync(Request("echo"), Ct));

        Assert.Contains("start it", error.Message, StringComparison.Ordinal);
        Assert.Contains(kit.Events, e => e.Kind == PoolEventKind.CreateFailed);
        Assert.Equal(0, kit.Limiter.Live);
    }

    [Fact]
    public async Task Warming_fails_with_the_start_error()
    {
        await using var kit = new PoolTestKit();
        kit.Fake.StartFailure = () => new ImageNotFoundException("missing:1", "build it");

        await Assert.ThrowsAsync<ImageNotFoundException>(() => kit.Executor.WarmAsync(Request("warm"), Ct));
    }

    [Fact]
    public async Task A_run_cancelled_while_waiting_leaves_the_queue_and_holds_nothing()
    {
        await using var kit = new PoolTestKit(OneSandbox(PoolExhaustionMode.Wait) with { AcquireTimeout = Timeout.InfiniteTimeSpan });
        var (blocked, session) = await StartBlockingRunAsync(kit);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var waiting = kit.Executor.ExecuteAsync(Request("echo"), cancel.Token);
        await EventuallyAsync(() => kit.Status().Waiting == 1, "the run waits");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, kit.Status().Waiting);
        session.Release();
        await blocked;
        await EventuallyAsync(() => kit.Status() is { Ready: 1, Busy: 0, Starting: 0 }, "the pool is back to one ready sandbox");
        Assert.Equal(1, kit.Fake.Live);
    }

    [Fact]
    public async Task A_run_cancelled_mid_command_removes_its_sandbox_then_throws()
    {
        await using var kit = new PoolTestKit();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var request = Request("block");

        var run = kit.Executor.ExecuteAsync(request, cancel.Token);
        await EventuallyAsync(() => kit.Fake.Sessions.Any(s => s.Commands.Any(c => c[0] == "block")), "the command runs");
        var used = kit.Fake.Sessions.Single(s => s.Commands.Any(c => c[0] == "block"));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(used.Disposed);
        Assert.Contains(kit.Events, e => e.Kind == PoolEventKind.Leased && e.SandboxId == used.Id && e.RequestId == request.Id);
    }

    private static async Task<(Task<ExecutionResult> Run, FakeSession Session)> StartBlockingRunAsync(PoolTestKit kit)
    {
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        var run = kit.Executor.ExecuteAsync(Request("block"), Ct);
        var session = Assert.Single(kit.Fake.Sessions);
        await session.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        return (run, session);
    }
}
