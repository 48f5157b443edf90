namespace Sandbox.Abstractions;

/// <summary>What a run with an <see cref="EgressPolicy"/> reached and what was refused, per host and port.</summary>
public sealed record NetworkReport
{
    /// <summary>Connections that went through the proxy.</summary>
    public IReadOnlyList<AllowedEgress> Allowed { get; init; } = [];

    /// <summary>Attempts that were refused.</summary>
    public IReadOnlyList<BlockedEgress> Blocked { get; init; } = [];

    /// <summary>
    /// What was added since <paramref name="earlier"/>, a report of the same audit taken before (a session command's
    /// share of its session's egress); hosts with nothing new are left out.
    /// </summary>
    public NetworkReport Since(NetworkReport earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var allowedBefore = earlier.Allowed.ToDictionary(a => (a.Host, a.Port));
        var blockedBefore = earlier.Blocked.ToDictionary(b => (b.Host, b.Port, b.Why));
        return new NetworkReport
        {
            Allowed = [.. Allowed
                .Select(a => allowedBefore.TryGetValue((a.Host, a.Port), out var e) ? a with { Requests = a.Requests - e.Requests, Bytes = a.Bytes - e.Bytes } : a)
                .Where(a => a.Requests > 0 || a.Bytes > 0)],
            Blocked = [.. Blocked
                .Select(b => blockedBefore.TryGetValue((b.Host, b.Port, b.Why), out var e) ? b with { Count = b.Count - e.Count } : b)
                .Where(b => b.Count > 0)],
        };
    }
}

/// <summary>Traffic to one allowed host and port.</summary>
/// <param name="Host">The host as the sandbox named it.</param>
/// <param name="Port">The port.</param>
/// <param name="Requests">HTTP requests or tunnels.</param>
/// <param name="Bytes">Bytes relayed in both directions.</param>
public sealed record AllowedEgress(string Host, int Port, long Requests, long Bytes);

/// <summary>Refused attempts to reach one host (or address) and port, for one reason.</summary>
/// <param name="Host">The host or address the sandbox tried.</param>
/// <param name="Port">The port (0 when not known, e.g. a DNS query).</param>
/// <param name="Count">How many times.</param>
/// <param name="Why">Why: <c>not allowed</c>, <c>host header mismatch</c>, <c>sni mismatch</c>, <c>direct connection</c>, <c>dns query</c>, ...</param>
public sealed record BlockedEgress(string Host, int Port, long Count, string Why);
