using Sandbox.Abstractions;

namespace Sandbox.TestPlugins;

/// <summary>An executor whose constructor fails, as a misconfigured plugin would.</summary>
public sealed class ThrowingExecutor : IExecutor
{
    /// <summary>Always throws.</summary>
    public ThrowingExecutor(PluginContext context) => throw new InvalidOperationException($"boom: cannot start from {context.PluginDirectory}");

    /// <inheritdoc />
    public string Name => "throwing";

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => IsolationLevel.None;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
