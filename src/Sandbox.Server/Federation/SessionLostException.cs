using Sandbox.Abstractions;

namespace Sandbox.Server.Federation;

/// <summary>
/// A session call named a node that is gone (410 <c>sessionLost</c>): the session's sandbox lived on that node and went
/// with it. Returned at once, never after a hang.
/// </summary>
public sealed class SessionLostException : SandboxException
{
    /// <summary>Creates the exception for session <paramref name="id"/> on <paramref name="node"/>.</summary>
    public SessionLostException(string id, string node, string why)
        : base($"Session '{id}' lived on node '{node}', which {why}: the session is lost; create a new one.")
    {
        Id = id;
        Node = node;
    }

    /// <summary>The session id as the caller gave it.</summary>
    public string Id { get; }

    /// <summary>The node that owned it.</summary>
    public string Node { get; }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.NotFound;
}
