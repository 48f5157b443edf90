using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Server.Federation;

namespace Sandbox.Server.Tests;

/// <summary>The peers' name is looked up once for a burst of runs, and a failed lookup does not lose the peers.</summary>
public sealed class PeerNameResolverTests
{
    private static readonly IPAddress[] Peers = [IPAddress.Parse("10.0.1.2"), IPAddress.Parse("10.0.1.3")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_callers_shares_one_lookup()
    {
        var lookups = 0;
        var answer = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolver = new PeerNameResolver(NullLogger<PeerNameResolver>.Instance, (_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return answer.Task;
        });

        var callers = Enumerable.Range(0, 16).Select(_ => resolver.ResolveAsync("tasks.sandbox_server", Ct)).ToArray();
        answer.SetResult(Peers);
        var answers = await Task.WhenAll(callers);
        var later = await resolver.ResolveAsync("tasks.sandbox_server", Ct);

        Assert.Equal(1, lookups);
        Assert.All(answers, a => Assert.Equal(Peers, a));
        Assert.Equal(Peers, later);
    }

    [Fact]
    public async Task While_the_name_does_not_resolve_the_last_answer_stands()
    {
        var fail = false;
        var resolver = new PeerNameResolver(NullLogger<PeerNameResolver>.Instance, (_, _) =>
            fail ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)) : Task.FromResult(Peers));
        Assert.Equal(Peers, await resolver.ResolveAsync("tasks.sandbox_server", Ct));

        fail = true;
        await Task.Delay(PeerNameResolver.Fresh + TimeSpan.FromMilliseconds(100), Ct);

        Assert.Equal(Peers, await resolver.ResolveAsync("tasks.sandbox_server", Ct));
    }

    [Fact]
    public async Task A_name_that_never_resolved_gives_no_peers()
    {
        var resolver = new PeerNameResolver(NullLogger<PeerNameResolver>.Instance, (_, _) =>
            Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)));

        Assert.Empty(await resolver.ResolveAsync("tasks.nothing", Ct));
    }

    [Fact]
    public async Task Another_name_is_looked_up_for_itself_and_never_gets_the_first_names_answer()
    {
        var others = new[] { IPAddress.Parse("10.0.2.9") };
        var resolver = new PeerNameResolver(NullLogger<PeerNameResolver>.Instance, (name, _) => Task.FromResult(name == "tasks.sandbox_server" ? Peers : others));

        var first = await resolver.ResolveAsync("tasks.sandbox_server", Ct);
        var second = await resolver.ResolveAsync("tasks.other_server", Ct);

        Assert.Equal(Peers, first);
        Assert.Equal(others, second);
    }
}
