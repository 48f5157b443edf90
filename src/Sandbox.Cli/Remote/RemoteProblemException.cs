using Sandbox.Abstractions;

namespace Sandbox.Cli.Remote;

/// <summary>A framework error the server reported (as a problem document), with the kind it named.</summary>
internal sealed class RemoteProblemException(ErrorKind kind, string message) : SandboxException(message)
{
    public override ErrorKind Kind => kind;
}
