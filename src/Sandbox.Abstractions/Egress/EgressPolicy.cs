using Sandbox.Abstractions.Rules;

namespace Sandbox.Abstractions;

/// <summary>
/// Which hosts a run may reach through the framework's filtering proxy, and the credentials the proxy adds on the way
/// out. Any allow entry means no direct route out at all: HTTP(S) to allowed hosts goes through the proxy, names are
/// resolved by the proxy, everything else fails fast and is reported in <see cref="ExecutionResult.Network"/>.
/// </summary>
public sealed record EgressPolicy
{
    /// <summary>No allow-list: the request's <see cref="NetworkPolicy"/> alone decides.</summary>
    public static EgressPolicy None { get; } = new();

    /// <summary>The hosts (and ports) that may be reached.</summary>
    public IReadOnlyList<HostPattern> Allow { get; init; } = [];

    /// <summary>Headers the proxy adds to requests to a host; their values never enter the sandbox.</summary>
    public IReadOnlyList<EgressSecret> Secrets { get; init; } = [];

    /// <summary>
    /// Whether the hosts are not known yet: a warm pool's sandbox gets its network and proxy before its run is known, and
    /// the proxy refuses everything until the run's command brings the run's policy (<see cref="SessionCommand.Egress"/>).
    /// </summary>
    public bool IsPending { get; init; }

    /// <summary>
    /// Whether a pending policy's run will bring secrets: its proxy then has a certificate authority of its own, trusted
    /// inside the sandbox from the start, to terminate TLS for the secret hosts.
    /// </summary>
    public bool PendingSecrets { get; init; }

    /// <summary>Whether this policy routes the run through the proxy.</summary>
    public bool IsActive => Allow.Count > 0 || IsPending;

    /// <summary>Whether the proxy needs a certificate authority of the run's own (for secret headers over HTTPS).</summary>
    public bool NeedsAuthority => Secrets.Count > 0 || PendingSecrets;

    /// <summary>
    /// The pending policy a warm sandbox for runs with <paramref name="policy"/> is started with: everything refused,
    /// with a certificate authority when <paramref name="policy"/> has secrets.
    /// </summary>
    public static EgressPolicy PendingFor(EgressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new() { IsPending = true, PendingSecrets = policy.NeedsAuthority };
    }

    /// <summary>Whether <paramref name="host"/>:<paramref name="port"/> is allowed.</summary>
    public bool Permits(string host, int port) => Allow.Any(p => p.Matches(host, port));

    /// <summary>
    /// Parses allow entries and secrets (<see cref="EgressSyntax"/>); every error names <paramref name="allowMember"/>
    /// or <paramref name="secretMember"/> and the entry.
    /// </summary>
    /// <exception cref="InvalidRequestException">An entry is malformed.</exception>
    public static EgressPolicy Parse(IEnumerable<string>? allow, IEnumerable<string>? secrets, string allowMember = "network.allow", string secretMember = "network.secrets")
    {
        var patterns = (allow ?? []).Select(a => HostPattern.Parse(a, allowMember)).Distinct().ToArray();
        var parsed = (secrets ?? []).Select(s => EgressSecret.Parse(s, secretMember)).ToArray();
        return patterns.Length == 0 && parsed.Length == 0 ? None : new EgressPolicy { Allow = patterns, Secrets = parsed };
    }

    /// <summary>This policy with <paramref name="other"/>'s entries added (command-line entries on top of configured ones).</summary>
    public EgressPolicy Merge(EgressPolicy other) => other.Allow.Count == 0 && other.Secrets.Count == 0 ? this : new()
    {
        Allow = [.. Allow.Concat(other.Allow).Distinct()],
        Secrets = [.. Secrets.Concat(other.Secrets).Distinct()],
    };

    /// <inheritdoc />
    public bool Equals(EgressPolicy? other) =>
        other is not null && IsPending == other.IsPending && PendingSecrets == other.PendingSecrets && Allow.SequenceEqual(other.Allow) && Secrets.SequenceEqual(other.Secrets);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Allow.Count, Secrets.Count, Allow.FirstOrDefault());

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Allow);
}

/// <summary>One allow entry: a host, <c>*.domain</c> or <c>*</c>, and a port (<c>null</c> = 80 and 443).</summary>
/// <param name="Host">The lower-case host, pattern or IPv4 address.</param>
/// <param name="Port">The port; <c>null</c> allows <see cref="EgressSyntax.DefaultPorts"/>.</param>
public sealed record HostPattern(string Host, int? Port)
{
    /// <summary>Whether this entry is a wildcard (<c>*.domain</c> or <c>*</c>).</summary>
    public bool IsWildcard => Host.StartsWith('*');

    /// <summary>Whether this entry covers <paramref name="host"/>:<paramref name="port"/>.</summary>
    public bool Matches(string host, int port) =>
        (Port is { } p ? p == port : EgressSyntax.DefaultPorts.Contains(port)) && EgressSyntax.HostMatches(Host, host);

    /// <summary>Parses <c>HOST[:PORT]</c>.</summary>
    /// <exception cref="InvalidRequestException">It is malformed.</exception>
    public static HostPattern Parse(string text, string member = "network.allow") =>
        EgressSyntax.TryParseHost(text, out var host, out var port, out var error) ? new HostPattern(host, port) : throw new InvalidRequestException(member, error);

    /// <inheritdoc />
    public override string ToString() => Port is { } p ? $"{Host}:{p}" : Host;
}

/// <summary>A header the proxy adds to requests to <paramref name="Host"/>, its value read from the host's environment.</summary>
/// <param name="Host">The exact lower-case host name.</param>
/// <param name="Header">The header name.</param>
/// <param name="EnvironmentVariable">The variable of the framework's own environment that holds the value.</param>
public sealed record EgressSecret(string Host, string Header, string EnvironmentVariable)
{
    /// <summary>Parses <c>HOST:HEADER=ENVVAR</c>.</summary>
    /// <exception cref="InvalidRequestException">It is malformed.</exception>
    public static EgressSecret Parse(string text, string member = "network.secrets") =>
        EgressSyntax.TryParseSecret(text, out var host, out var header, out var variable, out var error)
            ? new EgressSecret(host, header, variable)
            : throw new InvalidRequestException(member, error);

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Header}={EnvironmentVariable}";
}
