using Microsoft.AspNetCore.Http;
using Sandbox.Server.Runs;

namespace Sandbox.Server.Federation;

/// <summary>
/// Where a run goes: a free slot of the caller's tenant here, else (federation on) a peer that has one, else this
/// node's queue. A forwarded request is never forwarded again (one hop), and the forward ends with the caller's request
/// or the run's own timeout (plus start-up slack). A node that is shutting down stops accepting connections, so its
/// clients go to another node themselves (SANDBOX_HOSTS), and its load answer tells peers to send it nothing.
/// </summary>
internal sealed class RunAdmission(FederationNode self, PeerDirectory peers, Forwarder forwarder, TenantQuotas quotas, RunTracker tracker)
{
    /// <summary>What a forward may take beyond the run's own timeout: queueing, image start-up, relaying the result.</summary>
    public static readonly TimeSpan ForwardSlack = TimeSpan.FromMinutes(2);

    /// <summary>Whether <paramref name="context"/> came from a peer.</summary>
    public static bool IsForwarded(HttpContext context) => context.Request.Headers.ContainsKey(FederationHeaders.ForwardedBy);

    /// <summary>Keeps the request body readable a second time when the request may be forwarded (call before reading it).</summary>
    public void KeepBody(HttpContext context)
    {
        if (self.Config.Enabled && !IsForwarded(context)) context.Request.EnableBuffering();
    }

    /// <summary>
    /// A run slot here, or <c>null</c> when the request was forwarded and the peer's answer is already the response.
    /// </summary>
    /// <param name="context">The request (its body kept with <see cref="KeepBody"/>).</param>
    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="timeout">The run's timeout (<c>null</c> or infinite: none).</param>
    public async Task<IDisposable?> EnterAsync(HttpContext context, string tenant, TimeSpan? timeout)
    {
        var slot = quotas.TryEnterRun(tenant);
        if (slot is null && self.Config.Enabled && !IsForwarded(context) && await TryForwardAsync(context, timeout).ConfigureAwait(false))
        {
            return null;
        }

        return slot ?? await quotas.EnterRunAsync(tenant, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<bool> TryForwardAsync(HttpContext context, TimeSpan? timeout)
    {
        var authorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null;
        var candidates = Choose(await peers.LoadsAsync(authorization, context.RequestAborted).ConfigureAwait(false));
        if (candidates.Count == 0) return false;

        var body = await BodyAsync(context).ConfigureAwait(false);
        var deadline = timeout is { } t && t != Timeout.InfiniteTimeSpan ? t + ForwardSlack : Timeout.InfiniteTimeSpan;
        using var run = tracker.Begin(context.RequestAborted, duringShutdown: true);
        foreach (var peer in candidates.Take(2))
        {
            if (await forwarder.ForwardAsync(context, peer.Address, peer.Load.Node, body, deadline, run.Token).ConfigureAwait(false) == Forwarder.Outcome.Relayed) return true;
            peers.Forget(peer.Load.Node);
        }

        return false;
    }

    /// <summary>
    /// The peers worth sending a run to, best first: those with room and not stopping, most free slots first; ties in
    /// random order, so concurrent forwards from one node spread over its peers.
    /// </summary>
    internal static IReadOnlyList<PeerDirectory.Peer> Choose(IReadOnlyList<PeerDirectory.Peer> peers) =>
        [.. peers.Where(p => p.Load.HasRoom).OrderBy(_ => Random.Shared.Next()).OrderByDescending(p => p.Load.Free ?? int.MaxValue)];

    private static async Task<ReadOnlyMemory<byte>> BodyAsync(HttpContext context)
    {
        var body = context.Request.Body;
        if (body.CanSeek) body.Position = 0;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, context.RequestAborted).ConfigureAwait(false);
        return copy.ToArray();
    }
}
