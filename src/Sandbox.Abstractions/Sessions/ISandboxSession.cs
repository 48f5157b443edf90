namespace Sandbox.Abstractions;

/// <summary>
/// A live sandbox that accepts several commands. Limits hold for the whole session. Disposing it removes the sandbox
/// and everything created for it; a session whose owner process dies is reaped by the executor's orphan sweep.
/// </summary>
public interface ISandboxSession : IAsyncDisposable
{
    /// <summary>The session's id (also its sandbox id).</summary>
    string Id { get; }

    /// <summary>The executor that owns it.</summary>
    string Executor { get; }

    /// <summary>The spec it was created from.</summary>
    ExecutionRequest Spec { get; }

    /// <summary>
    /// Runs a command in the session and returns the same result shape as a one-shot run: exit code, capped output,
    /// timeout (the command's process tree is killed; the session survives) and OOM flags, timings.
    /// </summary>
    Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default);

    /// <summary>Writes files into the sandbox (paths relative to the working directory, or absolute; no <c>..</c>).</summary>
    Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default);

    /// <summary>Reads files or directories out of the sandbox, with the same path checks and size cap as one-shot runs.</summary>
    Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Deletes files or directories (paths relative to the working directory, or absolute; no <c>..</c>).</summary>
    Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Current resource usage of the whole session.</summary>
    Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default);
}
