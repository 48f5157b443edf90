using System.Globalization;
using System.Net;

namespace Sandbox.Core.Configuration;

/// <summary>The <c>server</c> section of <c>sandbox.json</c>: how <c>sandbox serve</c> shuts down and what each tenant may use.</summary>
public sealed record ServerConfig
{
    /// <summary>The tenant name that holds the quota every tenant without its own section gets.</summary>
    public const string AnyTenant = "*";

    /// <summary>The built-in settings.</summary>
    public static ServerConfig Default { get; } = new();

    /// <summary><c>shutdownGrace</c>: how long running requests may finish after SIGTERM before they are cancelled.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>quotas</c>: per tenant name; <see cref="AnyTenant"/> is the default for every other tenant.</summary>
    public IReadOnlyDictionary<string, TenantQuota> Quotas { get; init; } = new Dictionary<string, TenantQuota>(StringComparer.Ordinal);

    /// <summary><c>federation</c>: this server's node name and where its peers are (none: it serves alone).</summary>
    public FederationConfig Federation { get; init; } = FederationConfig.None;

    /// <summary>The quota of <paramref name="tenant"/>: its own section, else <see cref="AnyTenant"/>'s, else the built-in one.</summary>
    public TenantQuota QuotaFor(string tenant) =>
        Quotas.TryGetValue(tenant, out var own) ? own : Quotas.TryGetValue(AnyTenant, out var any) ? any : TenantQuota.Default;
}

/// <summary>What one tenant of the server may use at once and ask for.</summary>
public sealed record TenantQuota
{
    /// <summary>The default request body limit: 64 MiB.</summary>
    public const long DefaultBodyLimitBytes = 64L << 20;

    /// <summary>The built-in quota.</summary>
    public static TenantQuota Default { get; } = new();

    /// <summary><c>maxLiveSandboxes</c>: runs of this tenant running at once; <c>null</c> = only the runtime-wide bound.</summary>
    public int? MaxLiveSandboxes { get; init; }

    /// <summary><c>maxQueuedRuns</c>: runs waiting for one of the tenant's live slots; beyond it a run is refused (429).</summary>
    public int MaxQueuedRuns { get; init; } = 64;

    /// <summary><c>maxSessions</c>: sessions the tenant holds at once.</summary>
    public int MaxSessions { get; init; } = 16;

    /// <summary><c>bodyLimit</c>: the largest request body accepted (413 beyond).</summary>
    public long BodyLimitBytes { get; init; } = DefaultBodyLimitBytes;

    /// <summary><c>maxTimeout</c>: the longest timeout a request may ask for; <c>null</c> = no ceiling.</summary>
    public TimeSpan? MaxTimeout { get; init; }

    /// <summary><c>maxMemory</c>: the most memory a request may ask for; <c>null</c> = no ceiling.</summary>
    public long? MaxMemoryBytes { get; init; }
}

/// <summary>
/// The <c>server.federation</c> section: servers on several machines that forward runs to each other when they are full
/// and forward session calls to the node that owns the session (see docs/server.md, "Federation").
/// </summary>
public sealed record FederationConfig
{
    /// <summary>No peers: the server serves alone.</summary>
    public static FederationConfig None { get; } = new();

    /// <summary><c>node</c>: this server's name in results and session ids; <c>null</c> = <c>SANDBOX_NODE</c>, else the host name.</summary>
    public string? Node { get; init; }

    /// <summary><c>peers</c>: peers' base URLs (<c>http://host:port</c>), fixed.</summary>
    public IReadOnlyList<Uri> Peers { get; init; } = [];

    /// <summary><c>peersDns</c>: <c>NAME:PORT</c> whose every address is a peer (Swarm's <c>tasks.SERVICE</c>, a Kubernetes headless Service).</summary>
    public string? PeersDns { get; init; }

    /// <summary><see cref="PeersDns"/> split into its name and port; <c>null</c> when unset or not <c>NAME:PORT</c>.</summary>
    public DnsEndPoint? PeersDnsEndPoint => TryParseNameAndPort(PeersDns);

    /// <summary>Whether any peer is configured.</summary>
    public bool Enabled => Peers.Count > 0 || PeersDns is not null;

    /// <summary>Reads <c>NAME:PORT</c> (port 1 to 65535); <c>null</c> when <paramref name="text"/> is not that.</summary>
    public static DnsEndPoint? TryParseNameAndPort(string? text)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(text![(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? new DnsEndPoint(text[..colon], port)
            : null;
    }
}
