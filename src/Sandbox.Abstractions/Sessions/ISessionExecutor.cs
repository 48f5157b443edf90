namespace Sandbox.Abstractions;

/// <summary>
/// An executor that can keep a sandbox alive across several commands (advertises <see cref="SandboxFeatures.Sessions"/>).
/// The runtime's warm pool is built on sessions too: a pooled sandbox is a session started ahead of time, used by
/// exactly one run and then destroyed.
/// </summary>
public interface ISessionExecutor : IExecutor
{
    /// <summary>
    /// Starts a sandbox from <paramref name="spec"/>: its image, limits, network, security, environment, working
    /// directory, mounts and labels apply to the whole session, and its <see cref="ExecutionRequest.Files"/> are the
    /// initial workspace. Its <see cref="ExecutionRequest.Command"/> is ignored (the sandbox idles until used), and
    /// <see cref="ResourceLimits.Timeout"/> is the default timeout of each command.
    /// </summary>
    /// <exception cref="CapabilityNotSupportedException">The spec demands something this executor cannot enforce.</exception>
    Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default);
}
