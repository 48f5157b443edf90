using Sandbox.Abstractions;

namespace Sandbox.Core.Tests.DependencyInjection;

/// <summary>
/// An executor compiled into the test assembly (no plugin folder), registered with AddComponent. It prints its
/// settings section (<c>executors.tests</c>: the key of the assembly Sandbox.Core.Tests) and the request's pids limit.
/// </summary>
public sealed class CompiledInExecutor(PluginContext context) : IExecutor
{
    public string Name => "compiled-in";

    public IsolationLevel IsolationLevel => IsolationLevel.Container;

    public ExecutorCapabilities Capabilities { get; } = new() { IsolationLevel = IsolationLevel.Container, Features = (SandboxFeatures)~0L };

    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var settings = context.Settings.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "" : context.Settings.GetRawText();
        return Task.FromResult(new ExecutionResult { ExitCode = 0, Stdout = $"{settings} pids={request.Limits.Pids}", Executor = Name });
    }

    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => Task.FromResult(HealthReport.Ok("compiled in"));

    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(new CleanupReport(0, 0, 0));
}
