namespace Sandbox.Server.Federation;

/// <summary>
/// The answer of <c>GET /v1/federation/load</c>: how much room a node has for the calling tenant's runs right now.
/// </summary>
/// <param name="Node">The node's name.</param>
/// <param name="Free">Run slots free for the tenant now; <c>null</c> when the tenant has no <c>maxLiveSandboxes</c> (no bound here).</param>
/// <param name="Queued">The tenant's runs waiting for a slot.</param>
/// <param name="Running">Requests in flight on the node (every tenant).</param>
/// <param name="Stopping">The node is shutting down: it takes no new work.</param>
public sealed record NodeLoad(string Node, int? Free, int Queued, int Running, bool Stopping)
{
    /// <summary>Whether a run sent now would start at once.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasRoom => !Stopping && Free is null or > 0;
}
