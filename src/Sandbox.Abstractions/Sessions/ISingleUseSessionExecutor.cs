namespace Sandbox.Abstractions;

/// <summary>
/// A session executor that can also start a sandbox for exactly one command with that command's start prepared: the
/// sandbox's own process waits for the command and runs it, so running it costs no further process set-up by the
/// engine. The runtime's warm pool uses this, when an executor offers it, to bring a pooled run close to the cost of
/// the command itself.
/// </summary>
public interface ISingleUseSessionExecutor : ISessionExecutor
{
    /// <summary>
    /// Starts a sandbox from <paramref name="spec"/> as <see cref="ISessionExecutor.CreateSessionAsync"/> does. Files
    /// can be copied in before its command and collected after it; its first <see cref="ISandboxSession.ExecAsync"/>
    /// runs the command, and when the command ends the sandbox stops: a second command throws
    /// <see cref="InvalidOperationException"/>. Its <see cref="ISandboxSession.GetStatsAsync"/> shows the processes or
    /// memory of a live sandbox: that is how the pool tells one that died while it waited. Its command throws
    /// <see cref="SandboxLostException"/> when the sandbox had stopped before the command reached it (nothing ran).
    /// </summary>
    /// <exception cref="CapabilityNotSupportedException">The spec demands something this executor cannot enforce.</exception>
    Task<ISandboxSession> CreateSingleUseSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a spec may have a pending egress policy (<see cref="EgressPolicy.PendingFor"/>): the sandbox then starts
    /// with its network and a proxy that refuses everything, and its command's <see cref="SessionCommand.Egress"/> is put
    /// in force before the command starts. A warm pool serves allow-list runs only from executors that say so.
    /// </summary>
    bool DefersEgressPolicy => false;
}
