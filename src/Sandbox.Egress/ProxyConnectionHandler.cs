using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Egress;

/// <summary>
/// One client connection: an absolute-URI HTTP request (its Host header must name the same authority) or a CONNECT
/// tunnel (its TLS ClientHello must name the CONNECT target). Allowed traffic is relayed to the address the proxy
/// resolved; anything else gets an immediate 403 (or a closed connection) and an audit record.
/// </summary>
internal sealed class ProxyConnectionHandler
{
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Proxy-Connection", "Proxy-Authorization", "Connection", "Keep-Alive" };

    // Replaced at most once, pending → the run's (see Enforce); a pending policy refuses everything, so a connection that
    // reads it twice across the change is refused or judged by the run's policy, never by a mix of two runs' policies.
    private volatile EgressPolicy _policy;
    private readonly HostResolver _resolver;
    private readonly Func<string, string?> _secrets;
    private readonly EgressAudit _audit;
    private readonly ILogger _logger;
    private readonly RunAuthority? _authority;
    private readonly UpstreamTrust _trust;

    public ProxyConnectionHandler(EgressPolicy policy, HostResolver resolver, Func<string, string?> secrets, EgressAudit audit, ILogger logger,
        RunAuthority? authority, UpstreamTrust trust)
    {
        _authority = authority;
        _trust = trust;
        _policy = policy;
        _resolver = resolver;
        _secrets = secrets;
        _audit = audit;
        _logger = logger;
    }

    public void Enforce(EgressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.IsActive || policy.IsPending) throw new ArgumentException("Only an allow-list can be put in force.", nameof(policy));
        var pending = _policy;
        if (!pending.IsPending) throw new InvalidOperationException("The proxy's policy is in force already: a policy is put in force once, on a proxy started with a pending one.");
        if (policy.NeedsAuthority && _authority is null)
            throw new InvalidOperationException("The proxy has no certificate authority, so it cannot add secrets: start it with the pending policy for runs with secrets (EgressPolicy.PendingFor).");
        if (Interlocked.CompareExchange(ref _policy, policy, pending) != pending) throw new InvalidOperationException("The proxy's policy was put in force meanwhile.");
    }

    public async Task HandleAsync(Socket socket, IPEndPoint listening, CancellationToken stopping)
    {
        using var client = new NetworkStream(socket, ownsSocket: true);
        try
        {
            // A connection the host firewall redirected here was aimed elsewhere: a direct attempt, never relayed.
            if (OriginalDestination(socket) is { } original && !original.Equals(listening))
            {
                _audit.Block(original.Address.ToString(), original.Port, "direct connection");
                return;
            }

            using var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            headTimeout.CancelAfter(HeadTimeout);
            var (head, rest) = await RequestHead.ReadAsync(client, headTimeout.Token).ConfigureAwait(false);
            if (head is null) return;
            if (head.Method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase)) await TunnelAsync(client, head, stopping).ConfigureAwait(false);
            else await ForwardAsync(client, head, rest, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Log.ConnectionFailed(_logger, ex.Message);
        }
    }

    private async Task TunnelAsync(NetworkStream client, RequestHead head, CancellationToken stopping)
    {
        if (RequestHead.SplitAuthority(head.Target, 443) is not var (host, port))
        {
            await RefuseAsync(client, head.Target, 0, "malformed target", stopping).ConfigureAwait(false);
            return;
        }

        if (!_policy.Permits(host, port))
        {
            await RefuseAsync(client, host, port, "not allowed", stopping).ConfigureAwait(false);
            return;
        }

        await client.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), stopping).ConfigureAwait(false);
        var (hello, serverName, isTls) = await ClientHello.ReadAsync(client, stopping).ConfigureAwait(false);
        if (hello.Length == 0) return;
        // The tunnel may carry only TLS to the host it was opened for; an address target may omit SNI.
        if (!isTls)
        {
            _audit.Block(host, port, "not tls");
            return;
        }

        if (serverName is null ? !Sandbox.Abstractions.Rules.EgressSyntax.IsIPv4(host) : serverName != host)
        {
            _audit.Block(serverName ?? host, port, "sni mismatch");
            return;
        }

        if (_authority is not null && _policy.Secrets.Any(s => s.Host == host))
        {
            await InterceptAsync(client, hello, host, port, _authority, stopping).ConfigureAwait(false);
            return;
        }

        using var upstream = await ConnectAsync(host, port, stopping).ConfigureAwait(false);
        if (upstream is null) return;
        await upstream.WriteAsync(hello, stopping).ConfigureAwait(false);
        var bytes = await RelayAsync(client, upstream, stopping).ConfigureAwait(false);
        _audit.Allow(host, port, 1, bytes + hello.Length);
    }

    private async Task ForwardAsync(NetworkStream client, RequestHead head, ReadOnlyMemory<byte> rest, CancellationToken stopping)
    {
        if (!Uri.TryCreate(head.Target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            // An origin-form request reached the proxy directly (no proxy configured, or a transparent attempt).
            await RefuseAsync(client, head.Header("Host") ?? "(none)", 0, "not a proxy request", stopping).ConfigureAwait(false);
            return;
        }

        var host = uri.IdnHost.ToLowerInvariant();
        var port = uri.Port;
        if (head.Header("Host") is { } hostHeader && RequestHead.SplitAuthority(hostHeader, 80) is var named && named != (host, port))
        {
            await RefuseAsync(client, named?.Host ?? hostHeader, named?.Port ?? 0, "host header mismatch", stopping).ConfigureAwait(false);
            return;
        }

        if (!_policy.Permits(host, port))
        {
            await RefuseAsync(client, host, port, "not allowed", stopping).ConfigureAwait(false);
            return;
        }

        using var upstream = await ConnectAsync(host, port, stopping).ConfigureAwait(false);
        if (upstream is null)
        {
            await WriteStatusAsync(client, "502 Bad Gateway", $"sandbox egress: {host}:{port} did not answer", stopping).ConfigureAwait(false);
            return;
        }

        var sent = OutgoingHead(head, uri.PathAndQuery, host);
        await upstream.WriteAsync(sent, stopping).ConfigureAwait(false);
        await upstream.WriteAsync(rest, stopping).ConfigureAwait(false);
        var bytes = await RelayAsync(client, upstream, stopping).ConfigureAwait(false);
        _audit.Allow(host, port, 1, bytes + sent.Length + rest.Length);
    }

    // TLS terminated with the run's CA for a host with secrets: one request read in the clear, its secret headers
    // added, sent on over a validated TLS connection to the real host.
    private async Task InterceptAsync(NetworkStream client, byte[] hello, string host, int port, RunAuthority authority, CancellationToken stopping)
    {
        await using var tls = new SslStream(new PrefixedStream(hello, client));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = authority.For(host) }, stopping).ConfigureAwait(false);
        var (head, rest) = await RequestHead.ReadAsync(tls, stopping).ConfigureAwait(false);
        if (head is null) return;
        if (head.Header("Host") is not { } named || RequestHead.SplitAuthority(named, port) is not var (namedHost, namedPort) || namedHost != host || namedPort != port)
        {
            _audit.Block(head.Header("Host") ?? host, port, "host header mismatch");
            await WriteStatusAsync(tls, "403 Forbidden", $"sandbox egress: the Host header does not name {host}", stopping).ConfigureAwait(false);
            return;
        }

        using var connection = await ConnectAsync(host, port, stopping).ConfigureAwait(false);
        if (connection is null)
        {
            await WriteStatusAsync(tls, "502 Bad Gateway", $"sandbox egress: {host}:{port} did not answer", stopping).ConfigureAwait(false);
            return;
        }

        await using var upstream = new SslStream(connection, leaveInnerStreamOpen: false, _trust.Validate);
        try
        {
            await upstream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, stopping).ConfigureAwait(false);
        }
        catch (AuthenticationException)
        {
            _audit.Block(host, port, "upstream certificate not trusted");
            await WriteStatusAsync(tls, "502 Bad Gateway", $"sandbox egress: {host}:{port} presented a certificate that is not trusted", stopping).ConfigureAwait(false);
            return;
        }

        var sent = OutgoingHead(head, head.Target, host);
        await upstream.WriteAsync(sent, stopping).ConfigureAwait(false);
        await upstream.WriteAsync(rest, stopping).ConfigureAwait(false);
        var bytes = await RelayAsync(tls, client.Socket, upstream, connection.Socket, stopping).ConfigureAwait(false);
        _audit.Allow(host, port, 1, bytes + sent.Length + rest.Length);
    }

    // One request per connection (Connection: close) so that every request is audited; the host's secret headers
    // replace any the sandbox sent under the same names.
    private byte[] OutgoingHead(RequestHead head, string path, string host)
    {
        var text = new StringBuilder($"{head.Method} {path} {head.Version}\r\n");
        foreach (var (name, value) in head.Headers.Where(h => !HopByHop.Contains(h.Key) && !IsSecretHeader(host, h.Key)))
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        foreach (var secret in _policy.Secrets.Where(s => s.Host == host))
            text.Append(secret.Header).Append(": ").Append(_secrets(secret.EnvironmentVariable) ?? "").Append("\r\n");
        text.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private bool IsSecretHeader(string host, string header) =>
        _policy.Secrets.Any(s => s.Host == host && s.Header.Equals(header, StringComparison.OrdinalIgnoreCase));

    private async Task RefuseAsync(Stream client, string host, int port, string why, CancellationToken stopping)
    {
        _audit.Block(host, port, why);
        await WriteStatusAsync(client, "403 Forbidden", $"sandbox egress: {host}:{port} refused ({why}); see network.blocked in the run's result", stopping).ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(Stream client, string status, string message, CancellationToken stopping)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        var response = $"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await client.WriteAsync((byte[])[.. Encoding.ASCII.GetBytes(response), .. body], stopping).ConfigureAwait(false);
    }

    private async Task<NetworkStream?> ConnectAsync(string host, int port, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            var addresses = await _resolver.ResolveAsync(host, timeout.Token).ConfigureAwait(false);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(addresses, port, timeout.Token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            _audit.Block(host, port, "unreachable");
            return null;
        }
    }

    // Copies both ways until either side ends; returns the bytes relayed.
    private static Task<long> RelayAsync(NetworkStream client, NetworkStream upstream, CancellationToken stopping) =>
        RelayAsync(client, client.Socket, upstream, upstream.Socket, stopping);

    private static async Task<long> RelayAsync(Stream client, Socket clientSocket, Stream upstream, Socket upstreamSocket, CancellationToken stopping)
    {
        long total = 0;
        async Task Pump(Stream from, Stream to, Socket toSocket)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, stopping).ConfigureAwait(false)) > 0)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), stopping).ConfigureAwait(false);
                    Interlocked.Add(ref total, read);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                await CloseWriteAsync(to, toSocket).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Pump(client, upstream, upstreamSocket), Pump(upstream, client, clientSocket)).ConfigureAwait(false);
        return total;
    }

    // Tells the other side that nothing more comes, so that it closes its end and the other direction ends too.
    private static async Task CloseWriteAsync(Stream stream, Socket socket)
    {
        try
        {
            if (stream is SslStream tls) await tls.ShutdownAsync().ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
        }
    }

    // SO_ORIGINAL_DST (netfilter): where a connection redirected by DNAT was going; null when not available.
    private static IPEndPoint? OriginalDestination(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.InterNetwork) return null;
        Span<byte> address = stackalloc byte[16];
        try
        {
            if (socket.GetRawSocketOption(0 /* SOL_IP */, 80 /* SO_ORIGINAL_DST */, address) < 8) return null;
        }
        catch (SocketException)
        {
            return null;
        }

        var port = (address[2] << 8) | address[3];
        return new IPEndPoint(new IPAddress(address.Slice(4, 4)), port);
    }
}
