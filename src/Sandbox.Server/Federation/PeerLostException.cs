using Sandbox.Abstractions;

namespace Sandbox.Server.Federation;

/// <summary>
/// A peer that was running a forwarded run stopped answering before it returned the result (its machine or server went
/// away). The run's outcome is unknown; nothing of it remains on this node. 503 with Retry-After: send it again.
/// </summary>
public sealed class PeerLostException(string node, string why)
    : SandboxException($"Node '{node}', which was running this request, {why}: its outcome is unknown; retry it (a new run goes to a live node).")
{
    /// <summary>The node that went away.</summary>
    public string Node => node;

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.EngineUnavailable;
}
