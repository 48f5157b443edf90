namespace Sandbox.Abstractions;

/// <summary>
/// Runs an <see cref="ExecutionRequest"/> in some kind of sandbox. One contract for every executor
/// (host process, Docker, Podman, or a plugin) so that callers and the conformance kit treat them alike.
/// </summary>
/// <remarks>
/// Expected outcomes (non-zero exit, timeout, OOM kill, truncated output) are reported in the
/// <see cref="ExecutionResult"/>. Infrastructure failures throw a <see cref="SandboxException"/> subtype
/// (engine unavailable, image missing, capability not supported, invalid request). Cancellation throws
/// <see cref="OperationCanceledException"/> only after the sandbox has been removed.
/// </remarks>
public interface IExecutor
{
    /// <summary>Stable name used on the command line and in configuration, e.g. <c>docker</c>.</summary>
    string Name { get; }

    /// <summary>How strongly this executor separates the workload from the host.</summary>
    IsolationLevel IsolationLevel { get; }

    /// <summary>What this executor enforces on this machine. Requests demanding more are refused.</summary>
    ExecutorCapabilities Capabilities { get; }

    /// <summary>Runs one request to completion in a fresh sandbox and removes the sandbox afterwards.</summary>
    Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Checks that the executor can run requests now (engine reachable, image present, tools installed).</summary>
    Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default);

    /// <summary>Prepares for fast runs, e.g. pulls or builds <paramref name="image"/> when the executor uses images.</summary>
    Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default);

    /// <summary>Removes sandboxes this framework created whose owner process is gone and reports what it found.</summary>
    Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default);
}
