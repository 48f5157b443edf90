using Sandbox.Abstractions;
using Sandbox.TestPlugins.Dependency;

namespace Sandbox.TestPlugins;

/// <summary>An executor whose constructor needs an assembly that is not deployed.</summary>
public sealed class MissingDependencyExecutor : IExecutor
{
    /// <summary>Touches the missing dependency.</summary>
    public MissingDependencyExecutor() => Name = Greeting.Name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => IsolationLevel.None;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities => new() { IsolationLevel = IsolationLevel.None, Features = SandboxFeatures.None };

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(CleanupReport.Empty);
}
