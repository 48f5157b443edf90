using Sandbox.Abstractions;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Core.Pooling.Tests;

/// <summary>One warm pool shared by a conformance class (created on first use, after the gates).</summary>
public abstract class ConformancePoolFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DockerPool? _pool;

    /// <summary>The pool's policy.</summary>
    protected abstract PoolPolicy Policy { get; }

    public async Task<DockerPool> RequireAsync()
    {
        await DockerPool.RequireSessionsAsync();
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _pool ??= await DockerPool.StartAsync(Policy);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pool is not null) await _pool.DisposeAsync();
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class RemovingPoolFixture : ConformancePoolFixture
{
    protected override PoolPolicy Policy => PoolPolicy.Default with { MinIdle = 2, MaxSize = 4 };
}

public sealed class BackgroundRemovingPoolFixture : ConformancePoolFixture
{
    protected override PoolPolicy Policy => PoolPolicy.Default with { MinIdle = 2, MaxSize = 4, RemoveInBackground = true };
}

/// <summary>The executor conformance kit with the warm pool on: pooled results must be indistinguishable from cold ones.</summary>
public abstract class PooledConformanceTests<TFixture>(TFixture fixture) : ExecutorConformanceTests, IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ConformancePoolFixture
{
    private DockerPool? _pool;

    /// <inheritdoc />
    protected override IExecutor Executor => _pool?.Executor ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <inheritdoc />
    protected override ExecutionRequest BaseRequest => new() { Image = TestImages.Python };

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _pool = await fixture.RequireAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Containers that served the request (the leased pooled sandbox, or a cold run's) and are still there.</summary>
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) => _pool!.CountLeftoversAsync(requestId);
}

/// <summary>Each pooled sandbox is removed before its run returns.</summary>
public sealed class PooledDockerConformanceTests(RemovingPoolFixture fixture) : PooledConformanceTests<RemovingPoolFixture>(fixture);

/// <summary>Each pooled sandbox is removed in the background after its run returns (the kit waits for teardown).</summary>
public sealed class BackgroundRemovalPooledDockerConformanceTests(BackgroundRemovingPoolFixture fixture) : PooledConformanceTests<BackgroundRemovingPoolFixture>(fixture);
