using System.Collections.Concurrent;
using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using Sandbox.Engines.DockerApi;
using Sandbox.Engines.DockerApi.TestKit;
using Sandbox.Executors.Docker;
using Sandbox.Testing;
using Sandbox.TestUtilities;

[assembly: AssemblyFixture(typeof(NoLeakedSandboxesFixture<Sandbox.Core.Pooling.Tests.DockerTarget>))]

namespace Sandbox.Core.Pooling.Tests;

/// <summary>The Docker engine and its plugin.</summary>
public sealed class DockerTarget : IEngineTarget
{
    public static EngineDialect Dialect => EngineDialect.Docker;

    public static ContainerExecutor Create(ContainerEngineSettings settings) => new DockerExecutor(settings);
}

/// <summary>
/// A pooled executor over the shared Docker executor, created after the gates: the engine with its image, and Docker
/// sessions (the pool is built on them). It records which sandbox each request leased, so tests can prove that the
/// sandbox is gone after the run.
/// </summary>
public sealed class DockerPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _created = [];

    private DockerPool(ContainerExecutor docker, PoolPolicy policy, int maxLive)
    {
        Limiter = new SandboxLimiter(maxLive);
        Executor = new PooledExecutor(docker, new PoolOptions { Enabled = true, Default = policy, OnEvent = Record }, Limiter);
    }

    public PooledExecutor Executor { get; }

    public SandboxLimiter Limiter { get; }

    /// <summary>The gates, then a pool with <paramref name="policy"/> (warm for the Python image) and a live bound of <paramref name="maxLive"/>.</summary>
    public static async Task<DockerPool> StartAsync(PoolPolicy policy, int maxLive = 32, bool warm = true)
    {
        var pool = new DockerPool(await RequireSessionsAsync(), policy, maxLive);
        if (warm) await pool.Executor.WarmAsync(Request(), TestContext.Current.CancellationToken);
        return pool;
    }

    /// <summary>The shared Docker executor, after the engine gate and the sessions gate.</summary>
    public static async Task<ContainerExecutor> RequireSessionsAsync()
    {
        var docker = await TestEngine<DockerTarget>.RequireAsync();
        await docker.HealthCheckAsync(TestContext.Current.CancellationToken);
        EngineGate.Require(docker is ISessionExecutor && docker.Capabilities.Supports(SandboxFeatures.Sessions),
            "Docker sessions (ISessionExecutor advertising SandboxFeatures.Sessions)", "the warm pool is built on sessions; merge the Docker session support (issue 8, part 1)");
        return docker;
    }

    /// <summary>A request for the Python image with a unique id (the pool's key ignores the id and the command).</summary>
    public static ExecutionRequest Request(params string[] command) => TestEngine<DockerTarget>.Request(command) with { Image = TestImages.Python };

    /// <summary>Sandbox ids leased to <paramref name="requestId"/>.</summary>
    public IReadOnlyCollection<string> LeasesOf(string requestId) => _leases.TryGetValue(requestId, out var ids) ? ids : [];

    /// <summary>Containers still on the engine that served <paramref name="requestId"/>, pooled or cold.</summary>
    public async Task<int> CountLeftoversAsync(string requestId)
    {
        var cold = await TestEngine<DockerTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, requestId);
        var leased = LeasesOf(requestId);
        if (leased.Count == 0) return cold.Count;
        return cold.Count + await CountSessionsAsync(leased);
    }

    public ValueTask DisposeAsync() => Executor.DisposeAsync();

    // A pooled sandbox is a session: its container carries the session id as a label.
    private static async Task<int> CountSessionsAsync(IEnumerable<string> sessionIds)
    {
        var count = 0;
        foreach (var id in sessionIds.Distinct()) count += (await TestEngine<DockerTarget>.ContainersLabelledAsync(SandboxLabels.Session, id)).Count;
        return count;
    }

    /// <summary>Containers on the engine that this pool created and that still exist.</summary>
    public async Task<int> CountCreatedStillThereAsync()
    {
        return await CountSessionsAsync(_created);
    }

    /// <summary>The container of session <paramref name="sessionId"/>, if it still exists.</summary>
    public static async Task<string?> ContainerOfAsync(string sessionId) =>
        (await TestEngine<DockerTarget>.ContainersLabelledAsync(SandboxLabels.Session, sessionId)).SingleOrDefault()?.ID;

    /// <summary>Sandboxes this pool created so far.</summary>
    public int Created => _created.Count;

    /// <summary>The session ids of the sandboxes this pool created.</summary>
    public IReadOnlyCollection<string> CreatedIds => _created;

    private void Record(PoolEvent e)
    {
        if (e is { Kind: PoolEventKind.Created, SandboxId: { } created }) _created.Add(created);
        if (e is { Kind: PoolEventKind.Leased, RequestId: { } request, SandboxId: { } id }) _leases.GetOrAdd(request, _ => []).Add(id);
    }
}
