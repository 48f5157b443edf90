using Sandbox.Abstractions;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Core.Pooling.Tests;

/// <summary>One warm pool shared by the conformance tests of a run (created on first use, after the gates).</summary>
public sealed class ConformancePoolFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DockerPool? _pool;

    public async Task<DockerPool> RequireAsync()
    {
        await DockerPool.RequireSessionsAsync();
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _pool ??= await DockerPool.StartAsync(PoolPolicy.Default with { MinIdle = 2, MaxSize = 4 });
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
    }
}

/// <summary>The executor conformance kit with the warm pool on: pooled results must be indistinguishable from cold ones.</summary>
public sealed class PooledDockerConformanceTests(ConformancePoolFixture fixture) : ExecutorConformanceTests, IClassFixture<ConformancePoolFixture>, IAsyncLifetime
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
