using System.Diagnostics;
using System.Net;

namespace Sandbox.Egress;

/// <summary>
/// Host firewall rules (iptables, one restore each way) that leave the proxy as the only thing a sandbox network can
/// reach. Docker's <c>--internal</c> network already has no route out, but it drops packets (a connect hangs until its
/// timeout) and still lets the sandbox reach every host service listening on the gateway address. So, for traffic
/// entering from the network's bridge: TCP is redirected to the proxy (which records it as a direct connection and
/// closes it), UDP to the DNS refuser (recorded, refused at once), and anything else to the host or beyond is rejected.
/// Protocols other than TCP and UDP are also dropped in <c>mangle</c>, before routing: an engine that later puts its own
/// accepting <c>FORWARD</c> rule above ours (Podman's CNI firewall does on its first network) cannot let them out.
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
        var (filter, nat, mangle) = Chains(bridge);
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
            *mangle
            :{mangle} - [0:0]
            -A {mangle} -p tcp -j RETURN
            -A {mangle} -p udp -j RETURN
            -A {mangle} -j DROP
            -I PREROUTING 1 -i {bridge} -j {mangle}
            COMMIT

            """;
        await RestoreAsync(install, cancellationToken).ConfigureAwait(false);
        return new EgressFence(Removal(bridge, Tables(bridge)));
    }

    /// <summary>
    /// Removes whatever is left of the fence for <paramref name="bridge"/> (its process died before removing it);
    /// returns whether anything was there. Used by the orphan sweep, which knows the bridge from the network's name.
    /// </summary>
    public static async Task<bool> SweepAsync(string bridge, CancellationToken cancellationToken)
    {
        if (Unavailable() is not null) return false;
        var saved = await RunAsync(SaveTool() ?? "iptables-save", [], input: null, cancellationToken).ConfigureAwait(false);
        var present = new List<(string Table, string Chain, string[] Hooks)>();
        foreach (var (table, chain, hooks) in Tables(bridge))
        {
            if (!saved.Contains($":{chain} ", StringComparison.Ordinal)) continue;
            // Only the hooks that still jump to it: a half-removed fence must not make the removal fail.
            present.Add((table, chain, hooks.Where(h => saved.Contains($"-A {h} -i {bridge} -j {chain}", StringComparison.Ordinal)).ToArray()));
        }

        if (present.Count == 0) return false;
        await RestoreAsync(Removal(bridge, present), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static (string Filter, string Nat, string Mangle) Chains(string bridge)
    {
        var id = bridge.ToUpperInvariant();
        return ($"SBX-{id}", $"SBXN-{id}", $"SBXM-{id}");
    }

    // Each table's chain and the built-in chains that jump to it, as InstallAsync hooks them.
    private static (string Table, string Chain, string[] Hooks)[] Tables(string bridge)
    {
        var (filter, nat, mangle) = Chains(bridge);
        return [("filter", filter, ["INPUT", "FORWARD"]), ("nat", nat, ["PREROUTING"]), ("mangle", mangle, ["PREROUTING"])];
    }

    private static string Removal(string bridge, IEnumerable<(string Table, string Chain, string[] Hooks)> tables)
    {
        var script = new System.Text.StringBuilder();
        foreach (var (table, chain, hooks) in tables)
        {
            script.Append('*').Append(table).Append('\n');
            foreach (var hook in hooks) script.Append($"-D {hook} -i {bridge} -j {chain}\n");
            script.Append($"-F {chain}\n-X {chain}\nCOMMIT\n");
        }

        return script.ToString();
    }

    /// <summary>Removes the rules (once).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1) return;
        await RestoreAsync(_removal, CancellationToken.None).ConfigureAwait(false);
    }

    private static string? Tool() => Find("iptables-restore");

    private static string? SaveTool() => Find("iptables-save");

    private static string? Find(string name) => new[] { "/usr/sbin/", "/sbin/", "/usr/bin/" }.Select(folder => folder + name).FirstOrDefault(File.Exists);

    private static async Task RestoreAsync(string rules, CancellationToken cancellationToken) =>
        await RunAsync(Tool() ?? "iptables-restore", ["--noflush", "--wait"], rules, cancellationToken).ConfigureAwait(false);

    private static async Task<string> RunAsync(string tool, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Path.GetFileName(tool)} did not start");
        if (input is not null) await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(tool)} failed ({process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}");
        return await output.ConfigureAwait(false);
    }
}
