using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;
using Sandbox.Abstractions;
using Sandbox.Mcp.Tools;

namespace Sandbox.Mcp.Sessions;

/// <summary>
/// The sessions each MCP connection owns. A session is visible only to the connection that created it (another one
/// gets "unknown session", so ids cannot be probed), is removed after its time to live, and every session of a
/// connection is removed when the connection ends (<see cref="CloseConnectionAsync"/>) or the server stops.
/// </summary>
public sealed class ConnectionSessions : IAsyncDisposable
{
    private const string SingleConnectionKey = "stdio";
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly SandboxMcpOptions _options;
    private readonly ILogger<ConnectionSessions> _logger;
    private readonly IMcpCallerAdmission _admission;
    private bool _disposed;

    /// <summary>Creates the registry.</summary>
    /// <param name="options">The connection's limits.</param>
    /// <param name="logger">Where session life events go.</param>
    /// <param name="admission">The host's rules, told when a session ends (default: none).</param>
    public ConnectionSessions(SandboxMcpOptions options, ILogger<ConnectionSessions> logger, IMcpCallerAdmission? admission = null)
    {
        _options = options;
        _logger = logger;
        _admission = admission ?? new NoCallerAdmission();
    }

    /// <summary>Sessions currently held, over every connection.</summary>
    public int Count => _connections.Values.Sum(c => c.Count);

    /// <summary>The connection a call arrived on: its MCP session id, or the single stdio connection.</summary>
    internal string ConnectionOf(McpServer server) =>
        server.SessionId ?? (_options.SingleConnection
            ? SingleConnectionKey
            : throw new ToolRejectedException("Sessions need a stateful MCP connection (one with an Mcp-Session-Id); this call has none. Use run_code or run_command instead."));

    /// <summary>Creates a session through <paramref name="create"/> for <paramref name="connection"/>, within its quota.</summary>
    internal async Task<(ISandboxSession Session, DateTimeOffset ExpiresAt)> CreateAsync(string connection, TimeSpan timeToLive, Func<CancellationToken, Task<ISandboxSession>> create, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var owner = _connections.GetOrAdd(connection, _ => new Connection());
        if (!owner.TryReserve(_options.MaxSessionsPerConnection))
            throw new ToolRejectedException($"This connection already holds {_options.MaxSessionsPerConnection} sessions (the server's quota). Close one with session_close first.");

        ISandboxSession session;
        try
        {
            session = await create(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            owner.Release();
            throw;
        }

        var expiresAt = DateTimeOffset.UtcNow + timeToLive;
        var timer = new Timer(_ => _ = ExpireAsync(connection, session.Id), null, timeToLive, Timeout.InfiniteTimeSpan);
        var added = owner.TryAdd(new OwnedSession(session, timer));
        if (!added || _disposed)
        {
            if (added) owner.Remove(session.Id);
            // The connection ended (or the server stopped) while the session was being created: nobody can use it.
            await timer.DisposeAsync().ConfigureAwait(false);
            await DisposeQuietlyAsync(session).ConfigureAwait(false);
            throw new ToolRejectedException("The connection was closed while the session was being created; it was removed.");
        }

        _logger.LogInformation("Session {Session} created for connection {Connection} (expires {ExpiresAt:O})", session.Id, connection, expiresAt);
        return (session, expiresAt);
    }

    /// <summary>The session <paramref name="id"/> of <paramref name="connection"/>.</summary>
    internal ISandboxSession Get(string connection, string id) =>
        _connections.TryGetValue(connection, out var owner) && owner.TryGet(id ?? "", out var session)
            ? session.Session
            : throw Unknown(id);

    /// <summary>Closes the session <paramref name="id"/> of <paramref name="connection"/> and removes its sandbox.</summary>
    internal async Task CloseAsync(string connection, string id)
    {
        if (!_connections.TryGetValue(connection, out var owner) || owner.Remove(id ?? "") is not { } session) throw Unknown(id);
        await CloseQuietlyAsync(session).ConfigureAwait(false);
    }

    /// <summary>Closes every session of <paramref name="connection"/>: called when the connection ends.</summary>
    public async Task CloseConnectionAsync(string connection)
    {
        if (!_connections.TryRemove(connection, out var owner)) return;
        var sessions = owner.Close();
        if (sessions.Count > 0) _logger.LogInformation("Connection {Connection} ended: removing its {Count} session(s)", connection, sessions.Count);
        await Task.WhenAll(sessions.Select(CloseQuietlyAsync)).ConfigureAwait(false);
    }

    /// <summary>Closes every session of every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Task.WhenAll(_connections.Keys.ToArray().Select(CloseConnectionAsync)).ConfigureAwait(false);
    }

    private static ToolRejectedException Unknown(string? id) =>
        new($"Unknown session '{id}': it was closed, it expired, or it was not created on this connection. Create one with session_create and use the session_id it returns.");

    private async Task ExpireAsync(string connection, string id)
    {
        if (!_connections.TryGetValue(connection, out var owner) || owner.Remove(id) is not { } session) return;
        _logger.LogInformation("Session {Session} of connection {Connection} expired; removing it", id, connection);
        await CloseQuietlyAsync(session).ConfigureAwait(false);
    }

    private async Task CloseQuietlyAsync(OwnedSession session)
    {
        await session.Expiry.DisposeAsync().ConfigureAwait(false);
        await DisposeQuietlyAsync(session.Session).ConfigureAwait(false);
    }

    // Removal failures are logged, never thrown at a caller: the executor's orphan sweep removes what is left.
    private async Task DisposeQuietlyAsync(ISandboxSession session)
    {
        try
        {
            _admission.SessionEnded(session.Id);
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Session {Session} could not be removed: {Message}", session.Id, ex.Message);
        }
    }
}
