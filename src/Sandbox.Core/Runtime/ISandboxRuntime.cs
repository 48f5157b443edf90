using Sandbox.Abstractions;
using Sandbox.Core.Configuration;
using Sandbox.Core.Harness;
using Sandbox.Core.Plugins;
using Sandbox.Core.Pooling;

namespace Sandbox.Core;

/// <summary>
/// What applications use of a <see cref="SandboxRuntime"/>: run, validate, execute through harnesses and keep sessions.
/// Depend on this interface to replace the runtime with a test double.
/// </summary>
public interface ISandboxRuntime : IAsyncDisposable, IDisposable
{
    /// <summary>The configuration in effect.</summary>
    SandboxConfig Config { get; }

    /// <summary>The loaded plugins (and the ones that failed, with reasons).</summary>
    PluginCatalog Plugins { get; }

    /// <summary>The harness templates available to <see cref="ExecAsync"/>.</summary>
    TemplateCatalog Templates { get; }

    /// <summary>The executor used when a run names none.</summary>
    string DefaultExecutor { get; }

    /// <summary>The runtime-wide bound on live sandboxes, shared by every executor, pool and session.</summary>
    SandboxLimiter Limiter { get; }

    /// <summary>A request for <paramref name="command"/> starting from the configured defaults.</summary>
    ExecutionRequest CreateRequest(params string[] command);

    /// <summary>The executor named <paramref name="name"/> (or the default one), bounded by <see cref="Limiter"/> and pooled when configured.</summary>
    /// <exception cref="ExecutorNotFoundException">No such executor is loaded.</exception>
    ISessionExecutor GetExecutor(string? name = null);

    /// <summary>Runs the validators (and the SBX inspection) over <paramref name="request"/> without running it.</summary>
    Task<ValidationReport> ValidateAsync(ExecutionRequest request, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Validates and runs <paramref name="request"/>; a validator rejection is a result, infrastructure failures throw.</summary>
    Task<ExecutionResult> RunAsync(ExecutionRequest request, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs user code through a harness template and returns the code's result or error.</summary>
    Task<HarnessResult> ExecAsync(HarnessRequest request, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Validates <paramref name="spec"/> and starts a session (detached when <paramref name="detachedTimeToLive"/> is given).</summary>
    /// <exception cref="Sessions.SessionRejectedException">A validator rejected the spec; nothing was created.</exception>
    /// <exception cref="CapabilityNotSupportedException">The executor has no sessions (or no detached ones).</exception>
    Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, RunOptions? options = null, TimeSpan? detachedTimeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the existing session <paramref name="id"/>.</summary>
    /// <exception cref="Sessions.SessionNotFoundException">No executor has it.</exception>
    Task<ISandboxSession> OpenSessionAsync(string id, string? executor = null, CancellationToken cancellationToken = default);

    /// <summary>The sessions of <paramref name="executor"/> (or of every executor that can list them).</summary>
    Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(string? executor = null, CancellationToken cancellationToken = default);
}
