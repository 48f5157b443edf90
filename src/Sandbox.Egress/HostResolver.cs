using System.Net;
using System.Net.Sockets;

namespace Sandbox.Egress;

/// <summary>
/// Resolves names for the proxy through the host's resolver. <see cref="HostsFileVariable"/> names a hosts file
/// (<c>ADDRESS NAME...</c> lines) whose names take precedence: how tests give the proxy a fake internet without
/// touching the machine's own resolver.
/// </summary>
public sealed class HostResolver
{
    /// <summary>The environment variable naming a hosts file the proxy consults first (test-only).</summary>
    public const string HostsFileVariable = "SANDBOX_EGRESS_HOSTS_FILE";

    private readonly IReadOnlyDictionary<string, IPAddress[]> _overrides;

    /// <summary>Creates a resolver with <paramref name="overrides"/> taking precedence over the host's resolver.</summary>
    public HostResolver(IReadOnlyDictionary<string, IPAddress[]>? overrides = null) =>
        _overrides = overrides ?? new Dictionary<string, IPAddress[]>();

    /// <summary>A resolver with the hosts file of <see cref="HostsFileVariable"/>, if set.</summary>
    public static HostResolver FromEnvironment() =>
        Environment.GetEnvironmentVariable(HostsFileVariable) is { Length: > 0 } path && File.Exists(path)
            ? new HostResolver(ParseHostsFile(File.ReadAllLines(path)))
            : new HostResolver();

    /// <summary>Parses hosts-file lines; comments and malformed lines are ignored.</summary>
    public static Dictionary<string, IPAddress[]> ParseHostsFile(IEnumerable<string> lines)
    {
        var map = new Dictionary<string, List<IPAddress>>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.Split('#')[0];
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !IPAddress.TryParse(parts[0], out var address)) continue;
            foreach (var name in parts.Skip(1))
            {
                if (!map.TryGetValue(name, out var list)) map[name] = list = [];
                list.Add(address);
            }
        }

        return map.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The addresses of <paramref name="host"/> (an IPv4 literal is itself).</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal)) return [literal];
        if (_overrides.TryGetValue(host, out var addresses)) return addresses;
        var found = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
    }
}
