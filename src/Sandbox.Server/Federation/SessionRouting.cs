using Microsoft.AspNetCore.Http;
using Sandbox.Server.Runs;

namespace Sandbox.Server.Federation;

/// <summary>
/// Sends a call on a session that names another node (<c>/v1/sessions/ID@NODE/...</c>) to that node, and stamps every
/// response with this node's name. When the node is gone, the call fails at once with 410 <c>sessionLost</c>.
/// </summary>
internal sealed class SessionRouting(RequestDelegate next, FederationNode self, PeerDirectory peers, Forwarder forwarder, RunTracker tracker)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.TryAdd(FederationHeaders.Node, self.Name);
            return Task.CompletedTask;
        });
        if (SessionOf(context.Request.Path) is not { } qualified || self.Parse(qualified) is not (var id, { } node))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // One hop: a peer sent it here, so this node was its owner's last known address, and it is not.
        if (RunAdmission.IsForwarded(context)) throw new SessionLostException(qualified, node, $"is not at this address (this is '{self.Name}')");
        var authorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null;
        var address = await peers.FindAsync(node, authorization, context.RequestAborted).ConfigureAwait(false)
                      ?? throw new SessionLostException(qualified, node, "no longer answers among this node's peers");
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        using var run = tracker.Begin(context.RequestAborted, duringShutdown: true);
        try
        {
            // The session call's own timeout is enforced by its node; the forward only watches that the node lives.
            if (await forwarder.ForwardAsync(context, address, node, body.ToArray(), Timeout.InfiniteTimeSpan, run.Token).ConfigureAwait(false) == Forwarder.Outcome.Relayed) return;
        }
        catch (PeerLostException)
        {
            peers.Forget(node);
            throw new SessionLostException(qualified, node, "stopped answering during the call");
        }

        peers.Forget(node);
        throw new SessionLostException(qualified, node, "does not answer (gone or shutting down)");
    }

    // The ID of /v1/sessions/ID and /v1/sessions/ID/...
    private static string? SessionOf(PathString path)
    {
        if (!path.StartsWithSegments("/v1/sessions", StringComparison.Ordinal, out var rest) || !rest.HasValue) return null;
        var segments = rest.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 ? Uri.UnescapeDataString(segments[0]) : null;
    }
}
