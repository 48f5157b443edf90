using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using static Sandbox.Core.Tests.Pooling.PoolTestKit;

namespace Sandbox.Core.Tests.Pooling;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task A_hundred_concurrent_runs_with_random_cancellations_hold_the_bound_and_leak_nothing()
    {
        const int limit = 4;
        var fake = new FakeSessionExecutor { StartDelay = TimeSpan.FromMilliseconds(5) };
        // Pooled runs of the default image, cold runs of another: both count against the same bound.
        var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 2, MaxSize = 6, AcquireTimeout = Timeout.InfiniteTimeSpan }, maxLive: limit, fake: fake,
            rules: [new PoolRule(fake.Name, "cold-image", PoolPolicy.Off)]);
        var random = new Random(1234);
        var runs = Enumerable.Range(0, 100).Select(async i =>
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var request = Request("sleep", random.Next(1, 30).ToString(System.Globalization.CultureInfo.InvariantCulture)) with { Image = i % 3 == 0 ? "cold-image" : null };
            if (i % 4 == 1) cancel.CancelAfter(random.Next(0, 40));
            try
            {
                return (await kit.Executor.ExecuteAsync(request, cancel.Token)).Succeeded ? "ok" : "failed";
            }
            catch (OperationCanceledException)
            {
                return "cancelled";
            }
        }).ToArray();

        var outcomes = await Task.WhenAll(runs);
        await kit.DisposeAsync();

        Assert.DoesNotContain("failed", outcomes);
        Assert.Contains("cancelled", outcomes);
        Assert.InRange(fake.PeakLive, 1, limit);
        Assert.InRange(kit.Limiter.PeakLive, 1, limit);
        Assert.Equal(0, fake.Live);
        Assert.Equal(0, kit.Limiter.Live);
        Assert.Equal(0, kit.Limiter.Queued);
    }

    [Fact]
    public async Task A_queued_cold_run_evicts_an_idle_warm_sandbox_instead_of_waiting_forever()
    {
        var fake = new FakeSessionExecutor();
        await using var kit = new PoolTestKit(PoolPolicy.Default with { MinIdle = 2 }, maxLive: 2, fake: fake, rules: [new PoolRule(fake.Name, "cold-image", PoolPolicy.Off)]);
        await kit.Executor.WarmAsync(Request("warm"), Ct);
        Assert.Equal(2, kit.Limiter.Live);

        var result = await kit.Executor.ExecuteAsync(Request("echo", "cold") with { Image = "cold-image" }, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal("cold\n", result.Stdout);
        Assert.Contains(kit.Events, e => e.Reason == "evicted");
        Assert.InRange(fake.PeakLive, 1, 2);
    }

    [Fact]
    public async Task Cancelling_a_queued_run_frees_its_place_at_once()
    {
        var limiter = new SandboxLimiter(1);
        using var held = await limiter.AcquireAsync(Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var queued = limiter.AcquireAsync(cancel.Token);
        Assert.Equal(1, limiter.Queued);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, limiter.Queued);
        Assert.Equal(1, limiter.Live);
    }

    [Fact]
    public async Task Queued_runs_are_served_in_arrival_order_as_slots_free()
    {
        var limiter = new SandboxLimiter(1);
        var first = await limiter.AcquireAsync(Ct);
        var second = limiter.AcquireAsync(Ct);
        var third = limiter.AcquireAsync(Ct);

        first.Dispose();
        using var secondSlot = await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.False(third.IsCompleted);
        secondSlot.Dispose();
        using var thirdSlot = await third.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(1, limiter.PeakLive);
    }

    [Fact]
    public async Task A_queue_timeout_fails_the_run_with_a_capacity_error()
    {
        var limiter = new SandboxLimiter(1, TimeSpan.FromMilliseconds(50));
        using var held = await limiter.AcquireAsync(Ct);

        var error = await Assert.ThrowsAsync<CapacityExhaustedException>(() => limiter.AcquireAsync(Ct));

        Assert.Contains("concurrency.maxLiveSandboxes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, limiter.Queued);
    }

    [Fact]
    public async Task Sessions_hold_a_slot_until_disposed()
    {
        await using var kit = new PoolTestKit(maxLive: 1);

        var session = await kit.Executor.CreateSessionAsync(Request("idle"), Ct);
        var queued = kit.Executor.ExecuteAsync(Request("echo") with { Image = "other" }, Ct);
        await Task.Delay(50, Ct);
        Assert.False(queued.IsCompleted);
        await session.DisposeAsync();

        Assert.True((await queued.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Succeeded);
        Assert.Equal(1, kit.Limiter.PeakLive);
    }
}
