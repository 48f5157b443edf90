using System.Collections.Concurrent;

namespace Sandbox.Server.Runs;

/// <summary>
/// Which tenant created which session. A session belongs to its creator: to every other tenant it does not exist (404,
/// never listed). Kept in memory: after a restart the sessions still run until their TTL, but the server no longer
/// serves them.
/// </summary>
internal sealed class SessionOwners
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    public void Add(string id, string tenant) => _owners[id] = tenant;

    public bool Owns(string tenant, string id) => _owners.TryGetValue(id, out var owner) && owner == tenant;

    public void Remove(string id) => _owners.TryRemove(id, out _);

    /// <summary>The tenant's sessions among <paramref name="alive"/>; forgets sessions that are gone (expired and reaped).</summary>
    public IReadOnlySet<string> Of(string tenant, IEnumerable<string> alive)
    {
        var live = alive.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _owners.Keys.Where(id => !live.Contains(id))) _owners.TryRemove(gone, out _);
        return _owners.Where(p => p.Value == tenant).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }
}
