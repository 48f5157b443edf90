using System.Collections.Concurrent;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// The egress networks (and so the proxies) of the sessions this process created, by session id. Every handle to such
/// a session opened in this process shares the one proxy and its audit (the server opens a handle per request), and
/// whichever handle removes the session removes its network, once.
/// </summary>
internal sealed class SessionEgress
{
    private readonly ConcurrentDictionary<string, EgressNetwork> _networks = new(StringComparer.Ordinal);

    public void Add(string sessionId, EgressNetwork network) => _networks[sessionId] = network;

    public EgressNetwork? Find(string sessionId) => _networks.GetValueOrDefault(sessionId);

    /// <summary>Removes and returns the session's network: the caller removes it.</summary>
    public EgressNetwork? Take(string sessionId) => _networks.TryRemove(sessionId, out var network) ? network : null;
}
