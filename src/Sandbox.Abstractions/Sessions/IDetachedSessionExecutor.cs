namespace Sandbox.Abstractions;

/// <summary>
/// A session executor whose sessions can outlive the process that created them and be found again, by id, from
/// any process (e.g. one <c>sandbox session ...</c> command after another). A detached session has no owner process;
/// it expires after its time to live, and the executor's orphan sweep (<see cref="IExecutor.CleanupAsync"/>) removes
/// it then. Nothing local is held by a handle: a process that only uses a session may simply drop the handle; disposing
/// any handle removes the session.
/// </summary>
public interface IDetachedSessionExecutor : ISessionExecutor
{
    /// <summary>
    /// Starts a session like <see cref="ISessionExecutor.CreateSessionAsync"/> that belongs to no process and is removed
    /// by the orphan sweep once <paramref name="timeToLive"/> has passed (and stops by itself then).
    /// </summary>
    /// <exception cref="CapabilityNotSupportedException">The spec demands something this executor cannot enforce.</exception>
    Task<ISandboxSession> CreateDetachedSessionAsync(ExecutionRequest spec, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>The sessions of this executor that exist now (detached or owned by a process), oldest first.</summary>
    Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken = default);

    /// <summary>A handle on the existing session <paramref name="id"/>, or <c>null</c> when this executor has none of that id.</summary>
    Task<ISandboxSession?> OpenSessionAsync(string id, CancellationToken cancellationToken = default);
}
