using Sandbox.Abstractions;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// The socket where this user's CLI daemon should listen is served by another user's process: nothing is sent to it.
/// </summary>
internal sealed class DaemonImpostorException(string socket, int userId)
    : SandboxException($"The CLI daemon socket {socket} is served by another user's process (uid {userId}), so nothing was sent to it: " +
                       $"remove {Path.GetDirectoryName(socket)} and keep SANDBOX_CACHE in a folder only you can write to.")
{
    public override ErrorKind Kind => ErrorKind.Configuration;
}
