using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using static Sandbox.Core.Tests.Pooling.PoolTestKit;

namespace Sandbox.Core.Tests.Pooling;

public sealed class PooledExecutorTests
{
    [Fact]
    public async Task A_pooled_run_takes_a_warm_sandbox_and_destroys_it_afterwards()
    {
        await using var kit = new PoolTestKit();
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        var warm = Assert.Single(kit.Fake.Sessions);

        var result = await kit.Executor.ExecuteAsync(Request("echo", "hi"), Ct);

        Assert.Equal("hi\n", result.Stdout);
        Assert.Equal(warm.Id, result.SandboxId);
        Assert.True(warm.Disposed);
        Assert.True(result.CleanupSucceeded);
        Assert.Equal("fake-sessions", result.Executor);
        Assert.Equal(["pool-acquire", "exec", "remove"], result.Phases.Select(p => p.Name));
        Assert.True(result.Duration >= result.Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration) - TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task State_written_by_one_pooled_run_is_not_visible_to_the_next()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 2 });
        await kit.Executor.WarmAsync(Request("warm"), Ct);

        var first = await kit.Executor.ExecuteAsync(Request("write", "secret.txt", "from run one"), Ct);
        var second = await kit.Executor.ExecuteAsync(Request("cat", "secret.txt"), Ct);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("", second.Stdout);
        Assert.NotEqual(first.SandboxId, second.SandboxId);
    }

    [Fact]
    public async Task The_minimum_is_kept_ready_and_refilled_in_the_background()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 3, MaxSize = 5 });
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        Assert.Equal(3, kit.Status().Ready);

        await kit.Executor.ExecuteAsync(Request("echo", "1"), Ct);
        await kit.Executor.ExecuteAsync(Request("echo", "2"), Ct);

        await EventuallyAsync(() => kit.Status().Ready == 3, "three sandboxes are ready again");
        Assert.Equal(5, kit.Fake.Created);
        Assert.Equal(3, kit.Fake.Live);
    }

    [Fact]
    public async Task Runs_differing_only_in_per_run_settings_share_warm_sandboxes_and_others_do_not()
    {
        await using var kit = new PoolTestKit();
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        var warm = Assert.Single(kit.Fake.Sessions);
        var perRun = Request("echo") with
        {
            Files = [SandboxFile.FromText("a.txt", "a")], OutputPaths = ["a.txt"], StandardInput = "x"u8.ToArray(),
            Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromSeconds(5), OutputBytes = 10 },
        };

        var shared = await kit.Executor.ExecuteAsync(perRun, Ct);
        var other = await kit.Executor.ExecuteAsync(Request("env", "A") with { Environment = new Dictionary<string, string> { ["A"] = "1" } }, Ct);

        Assert.Equal(warm.Id, shared.SandboxId);
        Assert.Equal("1\n", other.Stdout);
        Assert.Equal(2, kit.Executor.GetStatus().Count);
    }

    [Fact]
    public async Task Files_stdin_output_caps_and_collected_files_behave_as_in_a_cold_run()
    {
        await using var kit = new PoolTestKit();
        var request = Request("stdin") with
        {
            StandardInput = "0123456789"u8.ToArray(),
            Files = [SandboxFile.FromText("in/data.txt", "data")],
            OutputPaths = ["in/data.txt", "missing.txt"],
            Limits = ResourceLimits.Default with { OutputBytes = 4 },
        };

        var pooled = await kit.Executor.ExecuteAsync(request, Ct);
        var cold = await kit.Fake.ExecuteAsync(request, Ct);

        Assert.Equal(cold.Stdout, pooled.Stdout);
        Assert.True(pooled.StdoutTruncated);
        Assert.Equal(cold.OutputFiles.Select(f => (f.RelativePath, f.Length)), pooled.OutputFiles.Select(f => (f.RelativePath, f.Length)));
        Assert.Equal(cold.Warnings, pooled.Warnings);
        Assert.Contains("copy-in", pooled.Phases.Select(p => p.Name));
        Assert.Contains("collect", pooled.Phases.Select(p => p.Name));
    }

    [Theory]
    [InlineData("oom", false, true, 137)]
    [InlineData("exit 3", false, false, 3)]
    [InlineData("sleep 5000", true, false, 137)]
    public async Task Outcome_flags_come_through_unchanged(string command, bool timedOut, bool oom, int exitCode)
    {
        await using var kit = new PoolTestKit();
        var request = Request(command.Split(' ')) with { Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromMilliseconds(100) } };

        var result = await kit.Executor.ExecuteAsync(request, Ct);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(timedOut, result.TimedOut);
        Assert.Equal(oom, result.OomKilled);
        Assert.Equal(IsolationLevel.Container, result.IsolationLevel);
    }

    [Fact]
    public async Task With_background_removal_a_run_returns_before_its_sandbox_is_removed_but_still_holds_its_slot()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 0, RemoveInBackground = true });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Fake.RemoveGate = gate.Task;

        var result = await kit.Executor.ExecuteAsync(Request("echo"), Ct);

        Assert.True(result.CleanupSucceeded);
        Assert.DoesNotContain("remove", result.Phases.Select(p => p.Name));
        Assert.Equal(1, kit.Limiter.Live);
        Assert.Equal(1, kit.Status().Busy);
        gate.SetResult();
        await EventuallyAsync(() => kit.Limiter.Live == 0 && kit.Fake.Live == 0, "the sandbox is removed and its slot freed");
    }

    [Fact]
    public async Task With_background_removal_a_cancelled_run_is_still_removed_before_it_throws()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 0, RemoveInBackground = true });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = kit.Executor.ExecuteAsync(Request("block"), cancel.Token);
        await EventuallyAsync(() => kit.Fake.Sessions.Any(s => !s.Commands.IsEmpty), "the command runs");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(Assert.Single(kit.Fake.Sessions).Disposed);
    }

    [Fact]
    public async Task A_failed_removal_is_reported_like_a_cold_run_cleanup_failure()
    {
        await using var kit = new PoolTestKit();
        kit.Fake.RemoveFailure = new EngineApiException("remove the container", 500, "device busy");

        var result = await kit.Executor.ExecuteAsync(Request("echo"), Ct);

        Assert.False(result.CleanupSucceeded);
        Assert.Contains(result.Warnings, w => w.Contains("device busy", StringComparison.Ordinal));
        Assert.Equal(0, kit.Limiter.Live - kit.Status().Ready);
    }

    [Fact]
    public async Task An_unhealthy_ready_sandbox_is_replaced_before_it_is_handed_out()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { HealthCheckAfter = TimeSpan.FromMilliseconds(1) });
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        var dead = Assert.Single(kit.Fake.Sessions);
        dead.Dead = true;
        await Task.Delay(5, Ct);

        var result = await kit.Executor.ExecuteAsync(Request("echo", "ok"), Ct);

        Assert.Equal("ok\n", result.Stdout);
        Assert.NotEqual(dead.Id, result.SandboxId);
        await EventuallyAsync(() => dead.Disposed, "the dead sandbox is removed");
        Assert.Contains(kit.Events, e => e.Kind == PoolEventKind.Destroyed && e.SandboxId == dead.Id && e.Reason == "unhealthy");
    }

    [Fact]
    public async Task After_a_run_found_the_engine_gone_a_ready_sandbox_from_before_is_checked_before_it_is_handed_out()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 2, MaxSize = 2, HealthCheckAfter = Timeout.InfiniteTimeSpan });
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        var before = kit.Fake.Sessions.ToList();
        var gone = await kit.Executor.ExecuteAsync(Request("engine-gone"), Ct);
        await EventuallyAsync(() => kit.Status().Ready == 2, "the pool refilled");
        // The sandbox started before the engine went away died with it. The refill, newer, is taken first: keep it busy.
        var stale = before.Single(s => s.Id != gone.SandboxId);
        stale.Dead = true;
        var blocker = kit.Executor.ExecuteAsync(Request("block"), Ct);
        await EventuallyAsync(() => kit.Fake.Sessions.Any(s => s.Started.Task.IsCompleted && !before.Contains(s)), "the newest sandbox is busy");
        var busy = kit.Fake.Sessions.Single(s => s.Started.Task.IsCompleted && !before.Contains(s));

        var result = await kit.Executor.ExecuteAsync(Request("echo", "ok"), Ct);
        busy.Release();
        await blocker;

        Assert.Equal(ErrorKind.EngineUnavailable, gone.Error?.Kind);
        Assert.Equal("ok\n", result.Stdout);
        Assert.NotEqual(stale.Id, result.SandboxId);
        await EventuallyAsync(() => stale.Disposed, "the stale sandbox is removed");
        Assert.Contains(kit.Events, e => e.Kind == PoolEventKind.Destroyed && e.SandboxId == stale.Id && e.Reason == "unhealthy");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_statistics_a_health_check_runs_a_command(bool dead)
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { HealthCheckAfter = TimeSpan.FromMilliseconds(1) });
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        var warm = Assert.Single(kit.Fake.Sessions);
        (warm.StatsUnknown, warm.Dead) = (true, dead);
        await Task.Delay(5, Ct);

        var result = await kit.Executor.ExecuteAsync(Request("echo", "ok"), Ct);

        Assert.Equal("ok\n", result.Stdout);
        Assert.Equal(dead, result.SandboxId != warm.Id);
        Assert.Contains(warm.Commands, c => c.SequenceEqual(["true"]));
    }

    [Fact]
    public async Task Idle_sandboxes_of_an_unused_kind_expire()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 2, IdleTimeout = TimeSpan.FromMilliseconds(200) });

        await kit.Executor.ExecuteAsync(Request("echo"), Ct);

        await EventuallyAsync(() => kit.Fake.Live == 0 && kit.Executor.GetStatus().Count == 0, "every sandbox expired and the kind was forgotten");
        Assert.Contains(kit.Events, e => e.Reason == "expired");
    }

    [Fact]
    public async Task A_pinned_kind_replaces_expired_sandboxes_with_fresh_ones()
    {
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 1, IdleTimeout = TimeSpan.FromMilliseconds(100) });
        await kit.Executor.WarmAsync(Request("warm"), Ct);

        await EventuallyAsync(() => kit.Fake.Created >= 3, "expired sandboxes were replaced");

        await EventuallyAsync(() => kit.Status().Ready == 1, "one is ready");
        Assert.Contains(kit.Events, e => e.Reason == "expired");
    }

    [Fact]
    public async Task An_executor_without_sessions_runs_every_request_cold()
    {
        var plain = new PlainExecutor(new FakeSessionExecutor());
        await using var pooled = new PooledExecutor(plain, new PoolOptions { Enabled = true });

        var result = await pooled.ExecuteAsync(Request("echo", "cold"), Ct);

        Assert.Equal("cold\n", result.Stdout);
        Assert.Equal("queue", result.Phases[0].Name);
        Assert.Empty(pooled.GetStatus());
    }

    [Fact]
    public async Task An_executor_that_cannot_put_an_allow_list_in_force_later_runs_allow_list_runs_cold_and_says_so()
    {
        await using var kit = new PoolTestKit();

        var result = await kit.Executor.ExecuteAsync(Request("echo", "cold") with { Egress = EgressPolicy.Parse(["pypi.org"], null) }, Ct);

        Assert.Equal("cold\n", result.Stdout);
        Assert.Contains(PooledExecutor.NotPooledForEgress, result.Warnings);
        Assert.DoesNotContain(result.Phases, p => p.Name == "pool-acquire");
        Assert.Empty(kit.Fake.Sessions);
    }

    [Fact]
    public async Task Disposing_destroys_the_ready_sandboxes()
    {
        var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 3 });
        await kit.Executor.WarmAsync(Request("warm"), Ct);

        await kit.DisposeAsync();

        Assert.Equal(0, kit.Fake.Live);
        Assert.All(kit.Fake.Sessions, s => Assert.True(s.Disposed));
        Assert.Equal(0, kit.Limiter.Live);
    }

    [Fact]
    public async Task Invalid_requests_are_refused_before_a_warm_sandbox_is_taken()
    {
        await using var kit = new PoolTestKit();
        await kit.Executor.WarmAsync(Request("warm"), Ct);

        await Assert.ThrowsAsync<InvalidRequestException>(() => kit.Executor.ExecuteAsync(Request("echo") with { OutputPaths = ["../x"] }, Ct));
        await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => kit.Executor.ExecuteAsync(Request("echo") with { Security = SecurityProfile.Default with { Privileged = true } }, Ct));

        Assert.Equal(1, kit.Status().Ready);
        Assert.DoesNotContain(kit.Events, e => e.Kind == PoolEventKind.Leased);
    }

    /// <summary>An executor that hides its sessions.</summary>
    private sealed class PlainExecutor(IExecutor inner) : IExecutor
    {
        public string Name => inner.Name;

        public IsolationLevel IsolationLevel => inner.IsolationLevel;

        public ExecutorCapabilities Capabilities => inner.Capabilities;

        public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) => inner.ExecuteAsync(request, cancellationToken);

        public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => inner.HealthCheckAsync(cancellationToken);

        public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => inner.WarmupAsync(image, cancellationToken);

        public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => inner.CleanupAsync(cancellationToken);
    }
}
