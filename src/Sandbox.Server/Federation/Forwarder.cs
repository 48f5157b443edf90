using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sandbox.Server.Federation;

/// <summary>
/// Sends the current request to a peer and relays its answer (status, problem or result, server-sent events as they
/// come). While the peer works, it is probed every <see cref="ProbeInterval"/>: a peer whose machine vanished never
/// closes its connections, and a caller must not wait for it until the run's timeout.
/// </summary>
internal sealed class Forwarder(FederationNode self, PeerHttp http)
{
    /// <summary>How often a peer running a forwarded request is probed; two missed probes in a row mean it is gone.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);

    private static readonly string[] RelayedHeaders = ["Content-Type", "Cache-Control", "Retry-After", "WWW-Authenticate", FederationHeaders.Node];

    /// <summary>What became of a forward.</summary>
    public enum Outcome
    {
        /// <summary>The peer answered; its answer is the response.</summary>
        Relayed,

        /// <summary>The peer was not reached or refused it before doing anything (it is stopping): nothing ran there.</summary>
        NotTaken,
    }

    /// <summary>
    /// Forwards the request (<paramref name="body"/> is its body as read) to <paramref name="peer"/> (node
    /// <paramref name="node"/>), giving up at <paramref name="deadline"/> after now.
    /// </summary>
    /// <exception cref="PeerLostException">The peer took the request and then stopped answering.</exception>
    public async Task<Outcome> ForwardAsync(HttpContext context, Uri peer, string node, ReadOnlyMemory<byte> body, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var lost = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost.Token);
        if (deadline != Timeout.InfiniteTimeSpan) linked.CancelAfter(deadline);
        using var watching = new CancellationTokenSource();
        var watch = WatchAsync(peer, lost, watching.Token);
        try
        {
            using var request = Request(context, peer, body);
            HttpResponseMessage response;
            try
            {
                response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
                                       || (ex is OperationCanceledException { InnerException: TimeoutException } && !cancellationToken.IsCancellationRequested && !lost.IsCancellationRequested))
            {
                // Never connected (refused, or no answer within the connect timeout: a vanished machine): nothing ran there.
                return Outcome.NotTaken;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new PeerLostException(node, lost.IsCancellationRequested ? "stopped answering" : $"did not finish in time ({ex.Message})");
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.Contains(FederationHeaders.Stopping)) return Outcome.NotTaken;
                await RelayAsync(context, response, node, linked.Token).ConfigureAwait(false);
                return Outcome.Relayed;
            }
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private HttpRequestMessage Request(HttpContext context, Uri peer, ReadOnlyMemory<byte> body)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(peer, incoming.Path.ToUriComponent().TrimStart('/') + incoming.QueryString.ToUriComponent()));
        if (incoming.Headers.Authorization is { Count: > 0 } authorization) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization.ToString());
        foreach (var accept in incoming.Headers.Accept) request.Headers.Accept.ParseAdd(accept);
        request.Headers.Add(FederationHeaders.ForwardedBy, self.Name);
        if (body.Length > 0 || incoming.ContentType is not null)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            if (incoming.ContentType is { } type) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        return request;
    }

    private static async Task RelayAsync(HttpContext context, HttpResponseMessage response, string node, CancellationToken cancellationToken)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var name in RelayedHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                outgoing.Headers[name] = new StringValues([.. values]);
        }

        var events = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await outgoing.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                // Output events go out as they come, as the peer sent them.
                if (events) await outgoing.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            // The peer went away mid-answer and the status is already sent: a stream gets a typed result event, anything
            // else can only be cut short (the client sees an incomplete body, never a hang).
            if (!events) throw new PeerLostException(node, "stopped answering");
            var failure = Sandbox.Core.Results.ResultJson.Serialize(Sandbox.Abstractions.ExecutionResult.Failed("remote",
                Sandbox.Abstractions.ExecutionError.FromException(new PeerLostException(node, "stopped answering"))));
            await Runs.ServerSentEvents.WriteEventAsync(outgoing, "result", failure, context.RequestAborted).ConfigureAwait(false);
        }
    }

    // Probes the peer while it works; two failed probes in a row cancel the forward.
    private async Task WatchAsync(Uri peer, CancellationTokenSource lost, CancellationToken stop)
    {
        var missed = 0;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(ProbeInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested) return;
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(stop);
            probe.CancelAfter(ProbeInterval);
            try
            {
                using var response = await http.Client.GetAsync(new Uri(peer, "healthz"), probe.Token).ConfigureAwait(false);
                missed = response.IsSuccessStatusCode ? 0 : missed + 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                missed++;
            }

            if (missed >= 2 && !stop.IsCancellationRequested)
            {
                await lost.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }
}
