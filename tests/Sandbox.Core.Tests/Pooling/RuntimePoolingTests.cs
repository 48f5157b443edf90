using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using static Sandbox.Core.Tests.SandboxRuntimeTests;

namespace Sandbox.Core.Tests.Pooling;

public sealed class RuntimePoolingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_go_through_the_runtime_wide_live_bound()
    {
        await using var runtime = CreateRuntime("""{ "concurrency": { "maxLiveSandboxes": 2 } }""");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => runtime.RunAsync(runtime.CreateRequest("sleep", "0.05"), cancellationToken: Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.All(results, r => Assert.Equal("queue", r.Phases[0].Name));
        Assert.InRange(runtime.Limiter.PeakLive, 1, 2);
        Assert.Equal(0, runtime.Limiter.Live);
        Assert.IsType<LimitedExecutor>(runtime.GetExecutor());
    }

    [Fact]
    public async Task A_pool_section_wraps_executors_and_an_executor_without_sessions_still_runs()
    {
        await using var runtime = CreateRuntime("""{ "pool": { "minIdle": 1 } }""");

        var result = await runtime.RunAsync(runtime.CreateRequest("echo", "hi"), cancellationToken: Ct);

        Assert.Equal("hi\n", result.Stdout);
        Assert.True(runtime.Pool.Enabled);
        var pooled = Assert.IsType<PooledExecutor>(runtime.GetExecutor());
        Assert.Same(pooled, runtime.GetExecutor("fake"));
        Assert.Equal("fake", pooled.Name);
        Assert.IsNotType<PooledExecutor>(runtime.Plugins.Executors["fake"]);
        Assert.Empty(pooled.GetStatus());
    }

    [Fact]
    public async Task Options_override_the_pool_and_concurrency_sections()
    {
        await using var runtime = CreateRuntime("""{ "pool": { "minIdle": 1 }, "concurrency": { "maxLiveSandboxes": 3 } }""", o =>
        {
            o.Pool = PoolOptions.Disabled;
            o.Concurrency = new ConcurrencyOptions { MaxLiveSandboxes = 7 };
        });

        Assert.False(runtime.Pool.Enabled);
        Assert.Equal(7, runtime.Limiter.MaxLive);
        Assert.IsType<LimitedExecutor>(runtime.GetExecutor());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_queue_timeout_is_a_typed_capacity_error()
    {
        await using var runtime = CreateRuntime("""{ "concurrency": { "maxLiveSandboxes": 1, "queueTimeout": "50ms" } }""");
        using var held = await runtime.Limiter.AcquireAsync(Ct);

        var error = await Assert.ThrowsAsync<CapacityExhaustedException>(() => runtime.RunAsync(runtime.CreateRequest("echo"), cancellationToken: Ct));

        Assert.Equal(ErrorKind.CapacityExhausted, ExecutionError.FromException(error).Kind);
    }
}
