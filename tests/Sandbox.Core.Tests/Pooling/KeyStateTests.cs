using Sandbox.Abstractions;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Tests.Pooling;

/// <summary>Each transition of a pooled sandbox, as its key's <see cref="KeyState"/> records it.</summary>
public sealed class KeyStateTests
{
    private static readonly FakeSessionExecutor Executor = new();

    [Fact]
    public void A_planned_start_is_creating_and_a_finished_one_is_idle()
    {
        var state = NewState();

        state.StartPlanned();
        Assert.Equal((1, 0, 0), Counts(state));
        var waiter = state.Started(Sandbox(state), shutdown: false);

        Assert.Null(waiter);
        Assert.Equal((0, 1, 0), Counts(state));
    }

    [Fact]
    public async Task A_finished_start_goes_straight_to_the_longest_waiting_run_as_busy()
    {
        var state = NewState();
        var first = state.AddWaiter();
        state.AddWaiter();
        state.StartPlanned();
        var sandbox = Sandbox(state);

        var served = state.Started(sandbox, shutdown: false);

        Assert.Same(first, served);
        Assert.Same(sandbox, await first.Completion.Task);
        Assert.Equal((0, 0, 1), Counts(state));
        Assert.Equal(1, state.WaiterCount);
    }

    [Fact]
    public void A_start_finishing_after_shutdown_is_busy_until_removed()
    {
        var state = NewState();
        state.StartPlanned();

        state.Started(Sandbox(state), shutdown: true);
        Assert.Equal((0, 0, 1), Counts(state));
        state.Removed();

        Assert.Equal(0, state.Total);
    }

    [Fact]
    public void A_failed_start_leaves_nothing_fails_the_longest_waiting_run_and_backs_off()
    {
        var state = NewState();
        var waiter = state.AddWaiter();
        state.StartPlanned();
        var error = new EngineUnavailableException("fake", "unix:///nowhere.sock", "start it");

        var failed = state.StartFailed(error, TimeSpan.FromMinutes(1), shutdown: false);

        Assert.Same(waiter, failed);
        Assert.Equal(0, state.Total);
        Assert.Equal(1, state.Failures);
        Assert.Same(error, state.LastError);
        Assert.True(state.RetryAfter > System.Diagnostics.Stopwatch.GetTimestamp());
    }

    [Fact]
    public void Taking_an_idle_sandbox_makes_the_newest_one_busy()
    {
        var state = NewState();
        var older = Idle(state);
        var newer = Idle(state);

        var taken = state.TakeIdle();

        Assert.Same(newer, taken);
        Assert.Same(older, state.OldestIdle);
        Assert.Equal((0, 1, 1), Counts(state));
        Assert.Null(NewState().TakeIdle());
    }

    [Fact]
    public void An_unused_sandbox_comes_back_idle()
    {
        var state = NewState();
        Idle(state);
        var taken = state.TakeIdle()!;

        Assert.Null(state.ReturnedUnused(taken));

        Assert.Equal((0, 1, 0), Counts(state));
    }

    [Fact]
    public void A_used_sandbox_is_busy_while_removed_then_gone()
    {
        var state = NewState();
        Idle(state);
        state.TakeIdle();

        state.Removed();

        Assert.Equal(0, state.Total);
    }

    [Fact]
    public void Expired_and_evicted_idle_sandboxes_are_busy_while_removed()
    {
        var state = NewState(PoolPolicy.Default with { IdleTimeout = TimeSpan.FromTicks(1) });
        Idle(state);
        Idle(state);

        var expired = state.TakeExpired();
        Assert.Equal(2, expired.Count);
        Assert.Equal((0, 0, 2), Counts(state));

        var fresh = NewState();
        var oldest = Idle(fresh);
        Assert.Same(oldest, fresh.EvictOldest());
        Assert.Equal((0, 0, 1), Counts(fresh));
        Assert.Null(fresh.EvictOldest());
    }

    [Fact]
    public void A_run_that_gives_up_stops_waiting_unless_it_was_served_meanwhile()
    {
        var state = NewState();
        var gaveUp = state.AddWaiter();
        Assert.True(state.RemoveWaiter(gaveUp));

        var served = state.AddWaiter();
        state.StartPlanned();
        state.Started(Sandbox(state), shutdown: false);

        Assert.False(state.RemoveWaiter(served));
        Assert.Equal(0, state.WaiterCount);
    }

    [Fact]
    public void Shutdown_marks_every_idle_sandbox_busy_and_hands_back_the_waiting_runs()
    {
        var state = NewState();
        Idle(state);
        Idle(state);
        var other = NewState();
        var waiter = other.AddWaiter();

        var (idle, _) = state.ShutDown();
        var (_, waiters) = other.ShutDown();

        Assert.Equal(2, idle.Count);
        Assert.Equal((0, 0, 2), Counts(state));
        Assert.Same(waiter, Assert.Single(waiters));
        Assert.Equal(0, other.WaiterCount);
    }

    private static KeyState NewState(PoolPolicy? policy = null) =>
        new(PoolKey.For("fake-sessions", ExecutionRequest.For("true")), policy ?? PoolPolicy.Default);

    private static PooledSandbox Sandbox(KeyState state) =>
        new(new FakeSession(Executor, ExecutionRequest.For("idle"), $"s-{Guid.NewGuid():N}", counted: false), new SandboxLimiter(8).TryAcquire(out var slot) ? slot : throw new InvalidOperationException(), state);

    private static PooledSandbox Idle(KeyState state)
    {
        var sandbox = Sandbox(state);
        state.StartPlanned();
        state.Started(sandbox, shutdown: false);
        return sandbox;
    }

    private static (int Creating, int Idle, int Busy) Counts(KeyState state) => (state.Creating, state.IdleCount, state.Busy);
}
