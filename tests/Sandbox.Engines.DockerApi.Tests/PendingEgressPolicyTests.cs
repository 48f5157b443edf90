using System.Net;
using System.Net.Sockets;
using System.Text;
using Sandbox.Abstractions;
using Sandbox.Egress;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>
/// A warm sandbox's proxy starts with a pending policy (nothing allowed) and gets its run's allow-list once, before the
/// run's command starts, without a restart.
/// </summary>
public sealed class PendingEgressPolicyTests
{
    // Nothing listens on the discard port here: a permitted CONNECT fails upstream ("unreachable") at once.
    private static readonly EgressPolicy Run = EgressPolicy.Parse(["127.0.0.1:9"], null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pending_proxy_refuses_everything_until_the_runs_policy_is_put_in_force()
    {
        await using var proxy = EgressProxy.Start(EgressPolicy.PendingFor(Run), IPAddress.Loopback);

        var before = await ConnectAsync(proxy, "127.0.0.1:9");
        proxy.Enforce(Run);
        var after = await ConnectAsync(proxy, "127.0.0.1:9");
        await proxy.SettleAsync(TimeSpan.FromSeconds(5));

        Assert.StartsWith("HTTP/1.1 403", before, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", after, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1:9 not allowed"], proxy.Audit.Report().Blocked.Where(b => b.Why == "not allowed").Select(b => $"{b.Host}:{b.Port} {b.Why}"));
    }

    [Fact]
    public async Task A_policy_is_put_in_force_once_and_only_on_a_pending_proxy()
    {
        await using var pending = EgressProxy.Start(EgressPolicy.PendingFor(Run), IPAddress.Loopback);
        await using var running = EgressProxy.Start(Run, IPAddress.Loopback);
        await using var fresh = EgressProxy.Start(EgressPolicy.PendingFor(Run), IPAddress.Loopback);

        pending.Enforce(Run);

        Assert.Throws<InvalidOperationException>(() => pending.Enforce(Run));
        Assert.Throws<InvalidOperationException>(() => running.Enforce(Run));
        Assert.Throws<ArgumentException>(() => fresh.Enforce(EgressPolicy.None));
        Assert.Throws<ArgumentException>(() => fresh.Enforce(EgressPolicy.PendingFor(Run)));
    }

    [Fact]
    public async Task Secrets_need_a_pending_policy_made_for_runs_with_secrets()
    {
        var withSecret = EgressPolicy.Parse(["api.example.com"], ["api.example.com:Authorization=SANDBOX_TEST_TOKEN"]);
        await using var plain = EgressProxy.Start(EgressPolicy.PendingFor(Run), IPAddress.Loopback);
        await using var ready = EgressProxy.Start(EgressPolicy.PendingFor(withSecret), IPAddress.Loopback);

        var refused = Assert.Throws<InvalidOperationException>(() => plain.Enforce(withSecret));
        ready.Enforce(withSecret);

        Assert.Contains("certificate authority", refused.Message, StringComparison.Ordinal);
        Assert.Null(plain.AuthorityPem);
        Assert.NotNull(ready.AuthorityPem);
    }

    // The proxy's status line for a CONNECT to target.
    private static async Task<string> ConnectAsync(EgressProxy proxy, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Endpoint, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n"), Ct);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, Ct);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
