using Sandbox.Core.Pooling;

namespace Sandbox.Server;

/// <summary>How <c>sandbox serve</c> listens and whom it lets in (its command-line options).</summary>
public sealed class ServerOptions
{
    /// <summary>The default listener: a Unix socket only the owner and its group can reach.</summary>
    public const string DefaultListen = "unix:/run/sandbox/sandbox.sock";

    /// <summary>
    /// Where to listen: <c>unix:/path</c>, <c>http://host:port</c> or <c>https://host:port</c> (port 0 picks a free one).
    /// Empty means <see cref="DefaultListen"/>.
    /// </summary>
    public IList<string> Listen { get; } = [];

    /// <summary>The token file: one token per line, optionally <c>name:token</c> (the name is the tenant). Required for TCP.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The <c>sandbox.json</c> to load (else the usual lookup).</summary>
    public string? ConfigPath { get; set; }

    /// <summary>A PEM certificate for HTTPS listeners.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Overrides <c>server.shutdownGrace</c>: how long running requests may finish after SIGTERM.</summary>
    public TimeSpan? ShutdownGrace { get; set; }

    /// <summary>
    /// Stop gracefully once no API or MCP call has been in flight for this long; <c>null</c> serves until stopped. The
    /// CLI's daemon uses it so that a server nobody calls does not stay.
    /// </summary>
    public TimeSpan? IdleExit { get; set; }

    /// <summary>Overrides the configuration's <c>pool</c> section (<c>null</c>: as configured).</summary>
    public PoolOptions? Pool { get; set; }

    /// <summary>Log framework details (debug level).</summary>
    public bool Verbose { get; set; }
}
