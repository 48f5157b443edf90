using System.Diagnostics;
using System.Net;

namespace Sandbox.Egress;

/// <summary>
/// Host firewall rules (iptables, one restore each way) that leave the proxy as the only thing a sandbox network can
/// reach. Docker's <c>--internal</c> network already has no route out, but it drops packets (a connect hangs until its
/// timeout) and still lets the sandbox reach every host service listening on the gateway address. So, for traffic
/// entering from the network's bridge: TCP is redirected to the proxy (which records it as a direct connection and
/// closes it), UDP to the DNS refuser (recorded, refused at once), and anything else to the host or beyond is rejected.
/// </summary>
public sealed class EgressFence : IAsyncDisposable
{
    private readonly string _removal;
    private int _removed;

    private EgressFence(string removal) => _removal = removal;

    /// <summary>Whether this process can install fences (Linux, root, iptables-restore on PATH).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "egress fences need Linux iptables";
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
            return "egress fences need root (iptables) on the engine's host";
        return Tool() is null ? "iptables-restore is not installed (apt-get install iptables)" : null;
    }

    /// <summary>Installs the rules for <paramref name="bridge"/>; dispose to remove them.</summary>
    public static async Task<EgressFence> InstallAsync(string bridge, IPAddress gateway, int proxyPort, int dnsPort, CancellationToken cancellationToken)
    {
        var id = bridge.ToUpperInvariant();
        var filter = $"SBX-{id}";
        var nat = $"SBXN-{id}";
        var install = $"""
            *filter
            :{filter} - [0:0]
            -A {filter} -p tcp -d {gateway} --dport {proxyPort} -j ACCEPT
            -A {filter} -p udp -d {gateway} --dport {dnsPort} -j ACCEPT
            -A {filter} -p tcp -j REJECT --reject-with tcp-reset
            -A {filter} -j REJECT --reject-with icmp-admin-prohibited
            -I INPUT 1 -i {bridge} -j {filter}
            -I FORWARD 1 -i {bridge} -j {filter}
            COMMIT
            *nat
            :{nat} - [0:0]
            -A {nat} -p tcp -d {gateway} --dport {proxyPort} -j RETURN
            -A {nat} -p udp -d {gateway} --dport {dnsPort} -j RETURN
            -A {nat} -p tcp -j DNAT --to-destination {gateway}:{proxyPort}
            -A {nat} -p udp -j DNAT --to-destination {gateway}:{dnsPort}
            -I PREROUTING 1 -i {bridge} -j {nat}
            COMMIT

            """;
        var removal = $"""
            *filter
            -D INPUT -i {bridge} -j {filter}
            -D FORWARD -i {bridge} -j {filter}
            -F {filter}
            -X {filter}
            COMMIT
            *nat
            -D PREROUTING -i {bridge} -j {nat}
            -F {nat}
            -X {nat}
            COMMIT

            """;
        await RestoreAsync(install, cancellationToken).ConfigureAwait(false);
        return new EgressFence(removal);
    }

    /// <summary>Removes the rules (once).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1) return;
        await RestoreAsync(_removal, CancellationToken.None).ConfigureAwait(false);
    }

    private static string? Tool() =>
        new[] { "/usr/sbin/iptables-restore", "/sbin/iptables-restore", "/usr/bin/iptables-restore" }.FirstOrDefault(File.Exists);

    private static async Task RestoreAsync(string rules, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Tool() ?? "iptables-restore", ["--noflush", "--wait"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("iptables-restore did not start");
        await process.StandardInput.WriteAsync(rules.AsMemory(), cancellationToken).ConfigureAwait(false);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"iptables-restore failed ({process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}");
    }
}
