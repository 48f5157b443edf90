namespace Sandbox.Server.Federation;

/// <summary>
/// The one HTTP client for peers. A short connect timeout: a peer whose machine is gone does not refuse connections,
/// it simply never answers, and callers must learn that in seconds, not minutes. No overall timeout: a forwarded run
/// lasts as long as its own timeout says (each call bounds itself).
/// </summary>
internal sealed class PeerHttp : IDisposable
{
    /// <summary>How long connecting to a peer may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The client.</summary>
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        ConnectTimeout = ConnectTimeout,
        // Peers come and go (rolling updates give a task a new address): do not keep a connection to a gone one forever.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
