using Sandbox.Abstractions;

namespace Sandbox.Mcp.Sessions;

/// <summary>A session held for a connection, with the timer that removes it when its time to live has passed.</summary>
internal sealed record OwnedSession(ISandboxSession Session, Timer Expiry);

/// <summary>
/// One connection's sessions. One lock guards the map, the reserved quota slots and the closed flag, so a session
/// finished after the connection ended is refused instead of being kept by nobody.
/// </summary>
internal sealed class Connection
{
    private readonly Dictionary<string, OwnedSession> _sessions = new(StringComparer.Ordinal);
    private int _reserved;
    private bool _closed;

    public int Count
    {
        get { lock (_sessions) return _sessions.Count; }
    }

    public bool TryReserve(int quota)
    {
        lock (_sessions)
        {
            if (_closed || _sessions.Count + _reserved >= quota) return false;
            _reserved++;
            return true;
        }
    }

    public void Release()
    {
        lock (_sessions) _reserved--;
    }

    public bool TryAdd(OwnedSession session)
    {
        lock (_sessions)
        {
            _reserved--;
            if (_closed) return false;
            _sessions[session.Session.Id] = session;
            return true;
        }
    }

    public bool TryGet(string id, out OwnedSession session)
    {
        lock (_sessions) return _sessions.TryGetValue(id, out session!);
    }

    public OwnedSession? Remove(string id)
    {
        lock (_sessions) return _sessions.Remove(id, out var session) ? session : null;
    }

    public IReadOnlyList<OwnedSession> Close()
    {
        lock (_sessions)
        {
            _closed = true;
            var all = _sessions.Values.ToList();
            _sessions.Clear();
            return all;
        }
    }
}
