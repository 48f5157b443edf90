using System.Net;
using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Egress;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// What a run with an egress allow-list gets instead of a network mode: its own <c>--internal</c> network (no route
/// out), the run's <see cref="EgressProxy"/> listening on that network's gateway (reachable from it only), the host
/// fence (<see cref="EgressFence"/>) and the proxy settings in the container's environment. All of it is removed with
/// the run, on every path; nothing is shared with another run, so each has its own policy.
/// </summary>
internal sealed class EgressNetwork : IAsyncDisposable
{
    private readonly EngineClient _client;
    private readonly string _id;
    private EgressProxy? _proxy;
    private EgressFence? _fence;
    private string? _trustDirectory;
    private int _removed;

    /// <summary>How every egress network's name starts; the rest names its bridge (see <see cref="BridgeOf"/>).</summary>
    public const string NamePrefix = "sandbox-egress-";

    /// <summary>Where the run's CA and trust bundle are mounted in the sandbox (only for policies with secrets).</summary>
    public const string TrustDirectory = "/etc/sandbox-egress";

    private EgressNetwork(EngineClient client, string id, string name)
    {
        _client = client;
        _id = id;
        Name = name;
    }

    /// <summary>
    /// The bridge (at most 15 characters, ours alone, so the fence's rules match it) of the egress network named
    /// <paramref name="network"/>; <c>null</c> for any other network. The sweep finds a dead run's fence this way.
    /// </summary>
    public static string? BridgeOf(string network) =>
        network.StartsWith(NamePrefix, StringComparison.Ordinal) && network.Length == NamePrefix.Length + 10 ? "sbx" + network[NamePrefix.Length..] : null;

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>The gateway address the proxy listens on.</summary>
    public IPAddress Gateway { get; private set; } = IPAddress.None;

    /// <summary>What went through and what was refused so far.</summary>
    public NetworkReport Report => _proxy?.Audit.Report() ?? new NetworkReport();

    /// <summary>
    /// The report once the connections open now have ended (at most a second: a background process may hold one open).
    /// </summary>
    public async Task<NetworkReport> SettledReportAsync()
    {
        if (_proxy is not null) await _proxy.SettleAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        return Report;
    }

    /// <summary>Creates the network, starts the proxy and installs the fence; on failure removes what it made.</summary>
    public static async Task<EgressNetwork> CreateAsync(EngineClient client, EgressPolicy policy, IDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (client.Dialect.EgressNetworks == EgressNetworkCreation.Unsupported) throw new CapabilityNotSupportedException(client.Dialect.Name, SandboxFeatures.EgressAllowList);
        if (client.Endpoint.SocketPath is null)
            throw new CapabilityNotSupportedException(client.Dialect.Name, SandboxFeatures.EgressAllowList, new Dictionary<SandboxFeatures, string>
            {
                [SandboxFeatures.EgressAllowList] = $"the engine at {client.Endpoint} is not on this host, so its networks cannot be fenced here",
            });

        var suffix = Guid.NewGuid().ToString("N")[..10];
        var name = NamePrefix + suffix;
        var bridge = BridgeOf(name)!;
        // Not cancelled midway (see EngineClient.CreateAsync): a cancelled run learns of it below, where the network is
        // removed.
        var id = client.Dialect.EgressNetworks == EgressNetworkCreation.Libpod
            ? await client.CreateAsync("create the egress network", ct => client.Http.LibpodCreateNetworkAsync(name, bridge, labels, ct)).ConfigureAwait(false)
            : (await client.CreateAsync("create the egress network", ct => client.Api.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                Internal = true,
                Labels = labels,
                Options = new Dictionary<string, string> { ["com.docker.network.bridge.name"] = bridge },
            }, ct)).ConfigureAwait(false)).ID;
        var network = new EgressNetwork(client, id, name);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inspected = await client.CallAsync("inspect the egress network", ct => client.Api.Networks.InspectNetworkAsync(id, ct), cancellationToken).ConfigureAwait(false);
            var gateway = inspected.IPAM?.Config?.Select(c => c.Gateway).FirstOrDefault(g => IPAddress.TryParse(g, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new EngineApiException("inspect the egress network", null, $"network {name} has no IPv4 gateway");
            network.Gateway = IPAddress.Parse(gateway);
            network._proxy = EgressProxy.Start(policy, network.Gateway, refuseDns: true, logger: client.Logger);
            if (network._proxy.AuthorityPem is { } pem) network._trustDirectory = await WriteTrustAsync(pem, cancellationToken).ConfigureAwait(false);
            network._fence = await EgressFence.InstallAsync(bridge, network.Gateway, network._proxy.Endpoint.Port, network._proxy.DnsEndpoint!.Port, cancellationToken).ConfigureAwait(false);
            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Puts the run's <paramref name="policy"/> in force on a network created with a pending one (see <see cref="EgressProxy.Enforce"/>).</summary>
    /// <exception cref="InvalidOperationException">The network's policy is not pending, or cannot take <paramref name="policy"/>.</exception>
    public void Enforce(EgressPolicy policy) => (_proxy ?? throw new InvalidOperationException($"Network {Name} has no proxy.")).Enforce(policy);

    /// <summary>Attaches <paramref name="spec"/> to this network, with the proxy in its environment and no IPv6.</summary>
    public void Apply(CreateContainerParameters spec)
    {
        var proxy = $"http://{Gateway}:{_proxy!.Endpoint.Port}";
        spec.HostConfig.NetworkMode = Name;
        // The engine's embedded resolver forwards to the refuser, which answers at once: lookups fail fast inside.
        spec.HostConfig.DNS = [Gateway.ToString()];
        // The network has no IPv6, but link-local addresses would still reach the host's own services.
        spec.HostConfig.Sysctls = new Dictionary<string, string> { ["net.ipv6.conf.all.disable_ipv6"] = "1", ["net.ipv6.conf.default.disable_ipv6"] = "1" };
        var env = new List<string>(spec.Env ?? []);
        foreach (var variable in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy" }) env.Add($"{variable}={proxy}");
        foreach (var variable in new[] { "NO_PROXY", "no_proxy" }) env.Add($"{variable}=localhost,127.0.0.1,::1");
        if (_trustDirectory is not null)
        {
            // The run's CA (secret hosts are served with its certificates) on top of the usual roots, for the common
            // clients: OpenSSL and Python, requests and pip, Node (which adds to its own roots).
            spec.HostConfig.Mounts ??= new List<Mount>();
            spec.HostConfig.Mounts.Add(new Mount { Type = "bind", Source = _trustDirectory, Target = TrustDirectory, ReadOnly = true });
            var bundle = $"{TrustDirectory}/bundle.pem";
            env.AddRange([$"SSL_CERT_FILE={bundle}", $"REQUESTS_CA_BUNDLE={bundle}", $"PIP_CERT={bundle}", $"CURL_CA_BUNDLE={bundle}", $"NODE_EXTRA_CA_CERTS={TrustDirectory}/ca.pem"]);
        }

        spec.Env = env;
    }

    // ca.pem (the run's CA) and bundle.pem (the host's roots plus it) in a directory of this run, removed with it.
    private static async Task<string> WriteTrustAsync(string pem, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("sandbox-egress-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.pem"), pem, cancellationToken).ConfigureAwait(false);
        var roots = new[] { "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt" }.FirstOrDefault(File.Exists);
        var bundle = (roots is null ? "" : await File.ReadAllTextAsync(roots, cancellationToken).ConfigureAwait(false)) + "\n" + pem;
        await File.WriteAllTextAsync(Path.Combine(directory, "bundle.pem"), bundle, cancellationToken).ConfigureAwait(false);
        return directory;
    }

    /// <summary>
    /// Stops the proxy, removes the network and then the fence; returns why something remained, or <c>null</c>. The
    /// fence goes only with the network: a container still attached (its removal failed) stays fenced in.
    /// </summary>
    public async Task<string?> RemoveAsync()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1) return null;
        var failures = new List<string>();
        if (_proxy is not null) await _proxy.DisposeAsync().ConfigureAwait(false);
        if (_trustDirectory is not null)
        {
            try
            {
                Directory.Delete(_trustDirectory, recursive: true);
            }
            catch (IOException ex)
            {
                failures.Add($"trust directory {_trustDirectory}: {ex.Message}");
            }
        }

        await RemoveNetworkThenFenceAsync(_client, _id, Name, () => _fence?.DisposeAsync().AsTask() ?? Task.CompletedTask, failures, CancellationToken.None).ConfigureAwait(false);
        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    /// <summary>
    /// Removes the network of a run whose process is gone (its proxy went with it), then the fence named after its
    /// bridge; returns why something remained, or <c>null</c>. The orphan sweep's way, by the same rule as <see cref="RemoveAsync"/>.
    /// </summary>
    public static async Task<string?> RemoveOrphanAsync(EngineClient client, string id, string name, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        await RemoveNetworkThenFenceAsync(client, id, name, () => EgressFence.SweepAsync(BridgeOf(name)!, cancellationToken), failures, cancellationToken).ConfigureAwait(false);
        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    // The fence goes only with its network: a container still attached (its removal failed) stays fenced in.
    private static async Task RemoveNetworkThenFenceAsync(EngineClient client, string id, string name, Func<Task> removeFence, List<string> failures, CancellationToken cancellationToken)
    {
        try
        {
            await client.CallAsync("remove the egress network", ct => client.Api.Networks.DeleteNetworkAsync(id, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
        {
            // Removed meanwhile.
        }
        catch (SandboxException ex)
        {
            failures.Add($"network {name}: {ex.Message}");
            return;
        }

        try
        {
            await removeFence().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(ex.Message);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RemoveAsync().ConfigureAwait(false);
}
