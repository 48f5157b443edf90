using System.Collections.Concurrent;
using Sandbox.Abstractions;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Tests.Pooling;

/// <summary>Builds pooled executors over a <see cref="FakeSessionExecutor"/> and waits for background work.</summary>
internal sealed class PoolTestKit : IAsyncDisposable
{
    public PoolTestKit(PoolPolicy? policy = null, int maxLive = 64, FakeSessionExecutor? fake = null, IReadOnlyList<PoolRule>? rules = null)
    {
        Fake = fake ?? new FakeSessionExecutor();
        Limiter = new SandboxLimiter(maxLive);
        Executor = new PooledExecutor(Fake, new PoolOptions
        {
            Enabled = true,
            Default = policy ?? PoolPolicy.Default,
            Rules = rules ?? [],
            MaintenanceInterval = TimeSpan.FromMilliseconds(20),
            OnEvent = Events.Enqueue,
        }, Limiter);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public FakeSessionExecutor Fake { get; }

    public SandboxLimiter Limiter { get; }

    public PooledExecutor Executor { get; }

    public ConcurrentQueue<PoolEvent> Events { get; } = new();

    public static ExecutionRequest Request(params string[] command) => ExecutionRequest.For(command) with { Id = "req-" + Guid.NewGuid().ToString("N")[..8] };

    public FakeSession Session(string id) => Fake.Sessions.Single(s => s.Id == id);

    public PoolKeyStatus Status(string? image = null) => Executor.GetStatus().Single(s => s.Image == image);

    /// <summary>Waits (up to 10 s) until <paramref name="condition"/> holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10, Ct);
        }
    }

    public async ValueTask DisposeAsync() => await Executor.DisposeAsync();
}
