namespace Sandbox.Server.Federation;

/// <summary>The headers servers of one federation use between themselves and to name themselves to clients.</summary>
public static class FederationHeaders
{
    /// <summary>
    /// On a request one server forwards to another: the forwarding node. A request that carries it is never forwarded
    /// again (one hop at most), so two full nodes cannot bounce a run between them.
    /// </summary>
    public const string ForwardedBy = "Sandbox-Forwarded-By";

    /// <summary>On every response: the node that answered (for a forwarded call, the node that did the work).</summary>
    public const string Node = "Sandbox-Node";

    /// <summary>
    /// On a 503 of a server that is shutting down: it took nothing of the request, so the caller (a client or a
    /// forwarding peer) may safely send it elsewhere.
    /// </summary>
    public const string Stopping = "Sandbox-Stopping";
}
