using Sandbox.Abstractions;

namespace Sandbox.Server.Runs;

/// <summary>A path asked of a session holds nothing (404).</summary>
public sealed class SessionPathNotFoundException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    public SessionPathNotFoundException(string id, string path)
        : base($"Session {id} has no file or folder at '{path}'.")
    {
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.NotFound;
}
