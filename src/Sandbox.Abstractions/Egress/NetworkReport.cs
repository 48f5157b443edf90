namespace Sandbox.Abstractions;

/// <summary>What a run with an <see cref="EgressPolicy"/> reached and what was refused, per host and port.</summary>
public sealed record NetworkReport
{
    /// <summary>Connections that went through the proxy.</summary>
    public IReadOnlyList<AllowedEgress> Allowed { get; init; } = [];

    /// <summary>Attempts that were refused.</summary>
    public IReadOnlyList<BlockedEgress> Blocked { get; init; } = [];
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
