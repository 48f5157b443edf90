using Sandbox.Abstractions;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>The framework's executor conformance kit, run against an engine's real plugin.</summary>
public abstract class ContainerConformanceTests<TTarget> : ExecutorConformanceTests, IAsyncLifetime where TTarget : IEngineTarget
{
    private IExecutor? _executor;

    /// <inheritdoc />
    protected override IExecutor Executor => _executor ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <inheritdoc />
    protected override ExecutionRequest BaseRequest => new() { Image = TestImages.Python };

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _executor = await TestEngine<TTarget>.RequireAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Containers and volumes labelled with the request id.</summary>
    protected override async Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        (await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, requestId)).Count
        + (await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.RequestId, requestId)).Count;
}
