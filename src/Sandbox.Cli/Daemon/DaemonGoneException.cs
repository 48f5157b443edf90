using Sandbox.Abstractions;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// The CLI's daemon took nothing: it stopped between the check that it answers and the request (its idle time ran out,
/// or it was stopped). Nothing ran, so the command runs in this process instead.
/// </summary>
internal sealed class DaemonGoneException(string address, string reason)
    : SandboxException($"The CLI daemon at {address} took nothing ({reason}).")
{
    public override ErrorKind Kind => ErrorKind.EngineUnavailable;
}
