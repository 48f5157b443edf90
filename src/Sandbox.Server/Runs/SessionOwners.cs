using System.Collections.Concurrent;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Core.Pooling;

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

    /// <summary>
    /// Creates a session for <paramref name="tenant"/> through <paramref name="create"/> within its <c>maxSessions</c>
    /// (counting every live session it owns, made over <c>/v1</c> or MCP) and records it as the tenant's.
    /// </summary>
    /// <exception cref="CapacityExhaustedException">The tenant already holds <c>maxSessions</c> sessions; nothing was created.</exception>
    public async Task<ISandboxSession> CreateAsync(SandboxRuntime runtime, string tenant, TenantQuota quota, Func<CancellationToken, Task<ISandboxSession>> create, CancellationToken cancellationToken)
    {
        var alive = await runtime.ListSessionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (Of(tenant, alive.Select(s => s.Id)).Count >= quota.MaxSessions)
            throw new CapacityExhaustedException($"tenant '{tenant}''s sessions ({quota.MaxSessions})", TimeSpan.Zero, $"delete a session, or raise server.quotas.{tenant}.maxSessions in sandbox.json");
        var session = await create(cancellationToken).ConfigureAwait(false);
        Add(session.Id, tenant);
        return session;
    }

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
