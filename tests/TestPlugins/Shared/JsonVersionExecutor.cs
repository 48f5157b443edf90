using Newtonsoft.Json;
using Sandbox.Abstractions;

namespace Sandbox.TestPlugins;

/// <summary>
/// Reports which Newtonsoft.Json its load context resolved. Compiled into two plugins that depend on different major
/// versions; both load in one process and each must see its own.
/// </summary>
public sealed class JsonVersionExecutor : IExecutor
{
    private static readonly int Major = typeof(JsonConvert).Assembly.GetName().Version!.Major;

    /// <inheritdoc />
    public string Name => $"json{Major}";

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => IsolationLevel.None;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities { get; } = new() { IsolationLevel = IsolationLevel.None, Features = (SandboxFeatures)~0L };

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ExecutionResult
        {
            ExitCode = 0,
            Executor = Name,
            Stdout = JsonConvert.SerializeObject(new { version = typeof(JsonConvert).Assembly.GetName().Version!.ToString() }),
        });

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => Task.FromResult(HealthReport.Ok($"Newtonsoft.Json {Major}"));

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(CleanupReport.Empty);
}
