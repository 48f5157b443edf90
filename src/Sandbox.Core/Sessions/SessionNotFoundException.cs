using Sandbox.Abstractions;

namespace Sandbox.Core.Sessions;

/// <summary>No executor has a session of the requested id (it was removed, expired, or never existed).</summary>
public sealed class SessionNotFoundException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="id">The requested session id.</param>
    /// <param name="searched">The executors that were asked.</param>
    public SessionNotFoundException(string id, IEnumerable<string> searched)
        : base($"No session '{id}' on {string.Join(", ", searched.DefaultIfEmpty("any executor"))}: it was removed or expired. List sessions with 'sandbox session list'; create one with 'sandbox session create'.")
    {
        Id = id;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.NotFound;

    /// <summary>The requested session id.</summary>
    public string Id { get; }
}
