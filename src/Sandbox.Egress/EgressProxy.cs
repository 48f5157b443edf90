using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;

namespace Sandbox.Egress;

/// <summary>
/// One run's filtering proxy: an HTTP forward proxy with CONNECT tunnelling, listening on one address (for a container,
/// its network's gateway, reachable from that network only), applying that run's <see cref="EgressPolicy"/>. Started in
/// a few milliseconds and disposed with the run, so a policy never outlives or leaks into another run.
/// </summary>
public sealed class EgressProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly ProxyConnectionHandler _handler;
    private readonly DnsRefuser? _dns;
    private readonly RunAuthority? _authority;
    private readonly Task _accepting;

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private EgressProxy(TcpListener listener, ProxyConnectionHandler handler, DnsRefuser? dns, EgressAudit audit, RunAuthority? authority)
    {
        _authority = authority;
        Audit = audit;
        _listener = listener;
        _handler = handler;
        _dns = dns;
        _accepting = AcceptAsync();
    }

    /// <summary>Where the proxy listens.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Where the DNS refuser listens (UDP), when started.</summary>
    public IPEndPoint? DnsEndpoint => _dns?.Endpoint;

    /// <summary>The run's CA certificate (PEM) to trust inside the sandbox; <c>null</c> when the policy has no secrets.</summary>
    public string? AuthorityPem => _authority?.CertificatePem;

    /// <summary>The run's audit.</summary>
    public required EgressAudit Audit { get; init; }

    /// <summary>Starts a proxy for <paramref name="policy"/> on <paramref name="address"/> (an ephemeral port).</summary>
    /// <param name="policy">The run's policy.</param>
    /// <param name="address">The address to listen on.</param>
    /// <param name="resolver">Resolves names (default: the host's resolver plus <see cref="HostResolver.HostsFileVariable"/>).</param>
    /// <param name="secrets">Secret values by variable name (default: this process's environment).</param>
    /// <param name="refuseDns">Also answer DNS (UDP, port 53 of <paramref name="address"/>) with REFUSED, recording each query.</param>
    /// <param name="logger">Receives one event per connection.</param>
    public static EgressProxy Start(EgressPolicy policy, IPAddress address, HostResolver? resolver = null, Func<string, string?>? secrets = null,
        bool refuseDns = false, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var audit = new EgressAudit(logger ?? NullLogger.Instance);
        var listener = new TcpListener(address, 0);
        FreeBind.Allow(listener.Server);
        listener.Start(backlog: 64);
        DnsRefuser? dns = null;
        // Only a policy with secrets (or a pending one that expects them) gets a CA: every other host is tunnelled untouched.
        var authority = policy.NeedsAuthority ? RunAuthority.Create() : null;
        try
        {
            if (refuseDns) dns = DnsRefuser.Start(new IPEndPoint(address, 53), audit);
            var handler = new ProxyConnectionHandler(policy, resolver ?? HostResolver.FromEnvironment(), secrets ?? Environment.GetEnvironmentVariable, audit,
                logger ?? NullLogger.Instance, authority, UpstreamTrust.FromEnvironment());
            return new EgressProxy(listener, handler, dns, audit, authority);
        }
        catch
        {
            listener.Stop();
            dns?.Dispose();
            authority?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Puts the run's <paramref name="policy"/> in force on a proxy started with a pending one (a warm sandbox's, before
    /// its run was known). Until then every connection was refused, as the pending policy allows nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The proxy's policy is not pending (a policy is put in force once), or <paramref name="policy"/> has secrets and the
    /// proxy was started without a certificate authority for them.
    /// </exception>
    public void Enforce(EgressPolicy policy) => _handler.Enforce(policy);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = Task.Run(() => _handler.HandleAsync(socket, Endpoint, _stopping.Token));
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until the connections open now have ended, so that the audit holds
    /// them: a session command's connections are recorded as they close, just after the command exits.
    /// </summary>
    public async Task SettleAsync(TimeSpan limit)
    {
        Task[] open;
        lock (_connections) open = [.. _connections.Where(t => !t.IsCompleted)];
        if (open.Length == 0) return;
        await Task.WhenAny(Task.WhenAll(open), Task.Delay(limit)).ConfigureAwait(false);
    }

    /// <summary>Stops listening and ends every open connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _dns?.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] open;
        lock (_connections) open = [.. _connections];
        // A connection that failed must not stop the run's clean-up (the network and trust files are removed after this).
        await Task.WhenAll(open).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_dns is not null) await _dns.Stopped.ConfigureAwait(false);
        _authority?.Dispose();
        _stopping.Dispose();
    }
}
