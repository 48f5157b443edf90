namespace Sandbox.Core.Configuration;

/// <summary>Reads the <c>server</c> section of <c>sandbox.json</c>. A tenant's section inherits what it leaves out from <c>"*"</c>.</summary>
internal static class ServerConfigReader
{
    private static readonly string[] QuotaKeys = ["maxLiveSandboxes", "maxQueuedRuns", "maxSessions", "bodyLimit", "maxTimeout", "maxMemory"];

    public static ServerConfig Read(ConfigSection? section)
    {
        if (section is null) return ServerConfig.Default;
        section.RejectUnknownKeys("shutdownGrace", "quotas", "federation");
        var quotas = new Dictionary<string, TenantQuota>(StringComparer.Ordinal);
        var quotaSection = section.Section("quotas");
        var fallback = quotaSection?.Section(ServerConfig.AnyTenant) is { } any ? ReadQuota(any, TenantQuota.Default) : TenantQuota.Default;
        foreach (var (tenant, _) in quotaSection?.Properties() ?? [])
        {
            var tenantSection = quotaSection!.Section(tenant) ?? throw quotaSection.Error(tenant, "expected an object with the tenant's quota");
            quotas[tenant] = tenant == ServerConfig.AnyTenant ? fallback : ReadQuota(tenantSection, fallback);
        }

        var grace = section.Duration("shutdownGrace");
        return new ServerConfig
        {
            ShutdownGrace = grace is { } g && g != Timeout.InfiniteTimeSpan ? g : ServerConfig.Default.ShutdownGrace,
            Quotas = quotas,
            Federation = section.Section("federation") is { } federation ? ReadFederation(federation) : FederationConfig.None,
        };
    }

    private static FederationConfig ReadFederation(ConfigSection section)
    {
        section.RejectUnknownKeys("node", "peers", "peersDns");
        var node = section.String("node");
        if (node is not null && (node.Length == 0 || !node.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
            throw section.Error("node", "expected a host-name-like name (letters, digits, '-', '.', '_')");
        var peers = section.Strings("peers").Select(text =>
            Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
                ? uri
                : throw section.Error("peers", $"'{text}' is not a base URL such as http://10.0.0.2:8080")).ToArray();
        var dns = section.String("peersDns");
        if (dns is not null && FederationConfig.TryParseNameAndPort(dns) is null)
            throw section.Error("peersDns", $"'{dns}' is not NAME:PORT, e.g. tasks.sandbox:8080");
        return new FederationConfig { Node = node, Peers = peers, PeersDns = dns };
    }

    private static TenantQuota ReadQuota(ConfigSection section, TenantQuota inherited)
    {
        section.RejectUnknownKeys(QuotaKeys);
        var timeout = section.Duration("maxTimeout");
        return inherited with
        {
            MaxLiveSandboxes = section.Count("maxLiveSandboxes", minimum: 1) ?? inherited.MaxLiveSandboxes,
            MaxQueuedRuns = section.Count("maxQueuedRuns", minimum: 0) ?? inherited.MaxQueuedRuns,
            MaxSessions = section.Count("maxSessions", minimum: 0) ?? inherited.MaxSessions,
            BodyLimitBytes = section.Size("bodyLimit") ?? inherited.BodyLimitBytes,
            MaxTimeout = timeout is null ? inherited.MaxTimeout : timeout == Timeout.InfiniteTimeSpan ? null : timeout,
            MaxMemoryBytes = section.Size("maxMemory") ?? inherited.MaxMemoryBytes,
        };
    }
}
