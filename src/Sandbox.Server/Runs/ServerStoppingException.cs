using Sandbox.Abstractions;

namespace Sandbox.Server.Runs;

/// <summary>The server is shutting down and takes no new work (503 with Retry-After).</summary>
public sealed class ServerStoppingException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    public ServerStoppingException()
        : base("The sandbox server is shutting down and accepts no new work; retry against a running server.")
    {
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.EngineUnavailable;
}
