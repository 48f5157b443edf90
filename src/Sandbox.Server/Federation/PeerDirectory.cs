using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sandbox.Server.Federation;

/// <summary>
/// Finds the peers and asks them how loaded they are. Peers are the configured URLs plus every address the
/// <c>peersDns</c> name resolves to (Swarm's <c>tasks.SERVICE</c> lists every task, this one included: a peer that
/// answers with this node's name is skipped). Load is asked with the caller's own token, so each node answers for the
/// caller's tenant, and it is asked when needed (a run about to queue), never polled.
/// </summary>
internal sealed class PeerDirectory(FederationNode self, PeerHttp http, PeerNameResolver names, ILogger<PeerDirectory> logger)
{
    /// <summary>How long a peer gets to answer a load query.</summary>
    public static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(2);

    // The last address each node answered from: where its sessions are.
    private readonly ConcurrentDictionary<string, Uri> _addresses = new(StringComparer.Ordinal);

    /// <summary>A peer's address and load.</summary>
    public sealed record Peer(Uri Address, NodeLoad Load);

    /// <summary>Every configured peer that answers within <see cref="LoadTimeout"/>, with its load for the caller's tenant.</summary>
    public async Task<IReadOnlyList<Peer>> LoadsAsync(string? authorization, CancellationToken cancellationToken)
    {
        var addresses = await AddressesAsync(cancellationToken).ConfigureAwait(false);
        var answers = await Task.WhenAll(addresses.Select(a => LoadAsync(a, authorization, cancellationToken))).ConfigureAwait(false);
        var peers = answers.OfType<Peer>().Where(p => p.Load.Node != self.Name).ToArray();
        foreach (var peer in peers) _addresses[peer.Load.Node] = peer.Address;
        return peers;
    }

    /// <summary>Where <paramref name="node"/> answers, or <c>null</c> when no peer answers with that name.</summary>
    public async Task<Uri?> FindAsync(string node, string? authorization, CancellationToken cancellationToken)
    {
        if (_addresses.TryGetValue(node, out var known)) return known;
        await LoadsAsync(authorization, cancellationToken).ConfigureAwait(false);
        return _addresses.GetValueOrDefault(node);
    }

    /// <summary>Forgets where <paramref name="node"/> was (it did not answer there).</summary>
    public void Forget(string node) => _addresses.TryRemove(node, out _);

    private async Task<IReadOnlyList<Uri>> AddressesAsync(CancellationToken cancellationToken)
    {
        var config = self.Config;
        var addresses = new List<Uri>(config.Peers);
        if (config.PeersDnsEndPoint is { Host: var host, Port: var port })
        {
            // None yet (no task of the service is up, or the name is wrong): this node serves alone for now.
            foreach (var ip in await names.ResolveAsync(host, cancellationToken).ConfigureAwait(false))
                addresses.Add(new UriBuilder("http", ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString(), port).Uri);
        }

        return addresses;
    }

    private async Task<Peer?> LoadAsync(Uri address, string? authorization, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LoadTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "v1/federation/load"));
        if (authorization is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        request.Headers.Add(FederationHeaders.ForwardedBy, self.Name);
        try
        {
            using var response = await http.Client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, Contracts.ServerJson.Context.NodeLoad, timeout.Token).ConfigureAwait(false) is { } load
                ? new Peer(address, load)
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug("peer {Address} did not answer a load query: {Reason}", address, ex.Message);
            return null;
        }
    }
}
