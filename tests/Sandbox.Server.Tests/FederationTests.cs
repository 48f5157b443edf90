using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Sandbox.Server.Tests;

/// <summary>
/// Federation across real server processes on loopback ports: a full node forwards runs to peers with free slots (one
/// hop), session calls reach the node that owns the session, and a node that is gone gives typed errors at once.
/// </summary>
public sealed class FederationTests
{
    private static JsonObject Sleep(double seconds, string echo) =>
        Api.Run("sh", "-c", $"sleep {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}; echo {echo}").With("executor", "host");

    [Fact]
    public async Task A_full_node_forwards_each_run_to_a_peer_with_a_free_slot_and_every_result_names_its_node()
    {
        await using var cluster = await LoopbackCluster.StartAsync(3);
        await cluster.Nodes[0].RequireExecutorAsync("host");
        using var client = cluster.Nodes[0].Tcp();

        // Each run is sent once the previous one holds its slot, so where it must go is certain.
        var first = client.PostAsync("/v1/runs", Sleep(10, "one"));
        await cluster.WaitForFreeAsync(0, 0);
        var second = client.PostAsync("/v1/runs", Sleep(10, "two"));
        await Api.WaitUntilAsync(async () => await FreeAsync(cluster, 1) + await FreeAsync(cluster, 2) == 1);
        var third = client.PostAsync("/v1/runs", Sleep(10, "three"));
        var replies = await Task.WhenAll(first, second, third);

        Assert.All(replies, r => Assert.True(r.Status == HttpStatusCode.OK, r.Text));
        Assert.Equal(["one\n", "two\n", "three\n"], replies.Select(r => r.Json.GetProperty("stdout").GetString()));
        Assert.Equal(cluster.Names.Order(), replies.Select(r => r.Json.GetProperty("node").GetString()!).Order());
        Assert.Equal("node-a", replies[0].Response.Headers.GetValues("Sandbox-Node").Single());
    }

    [Fact]
    public async Task A_forwarded_run_is_never_forwarded_again_it_queues_on_the_node_it_reached()
    {
        await using var cluster = await LoopbackCluster.StartAsync(2);
        await cluster.Nodes[0].RequireExecutorAsync("host");
        using var client = cluster.Nodes[0].Tcp();
        var busy = client.PostAsync("/v1/runs", Sleep(2, "busy"));
        await cluster.WaitForFreeAsync(0, 0);

        using var forwarded = cluster.Nodes[0].Tcp();
        forwarded.DefaultRequestHeaders.Add("Sandbox-Forwarded-By", "node-b");
        var reply = await forwarded.PostAsync("/v1/runs", Sleep(0, "queued"));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Equal("node-a", reply.Json.GetProperty("node").GetString());
        Assert.Equal(HttpStatusCode.OK, (await busy).Status);
    }

    [Fact]
    public async Task The_load_endpoint_needs_a_token_and_reports_the_callers_free_slots()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1);
        using var anonymous = cluster.Nodes[0].Tcp(token: null);
        using var client = cluster.Nodes[0].Tcp();

        Api.AssertProblem(await anonymous.GetJsonAsync("/v1/federation/load"), HttpStatusCode.Unauthorized, "unauthorized");
        var load = await client.GetJsonAsync("/v1/federation/load");

        Assert.True(load.Status == HttpStatusCode.OK, load.Text);
        Assert.Equal("node-a", load.Json.GetProperty("node").GetString());
        Assert.Equal(1, load.Json.GetProperty("free").GetInt32());
        Assert.False(load.Json.GetProperty("stopping").GetBoolean());
    }

    [Fact]
    public async Task A_session_call_reaches_its_node_through_any_peer_and_fails_with_sessionLost_once_that_node_is_gone()
    {
        await using var cluster = await LoopbackCluster.StartAsync(2);
        await cluster.Nodes[1].RequireExecutorAsync("docker");
        using var owner = cluster.Nodes[1].Tcp();
        using var other = cluster.Nodes[0].Tcp();
        var created = await owner.PostAsync("/v1/sessions", new JsonObject { ["ttl"] = "5m" });
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.EndsWith("@node-b", id, StringComparison.Ordinal);

        var exec = await other.PostAsync($"/v1/sessions/{id}/exec", Api.Run("sh", "-c", "echo here"));
        Assert.True(exec.Status == HttpStatusCode.OK, exec.Text);
        Assert.Equal("here\n", exec.Json.GetProperty("stdout").GetString());
        Assert.Equal("node-b", exec.Json.GetProperty("node").GetString());

        var killedPid = cluster.Nodes[1].Pid;
        cluster.Nodes[1].Signal(ServerProcess.SigKill);
        Assert.True(await cluster.Nodes[1].WaitForExitAsync(TimeSpan.FromSeconds(10)));
        var clock = Stopwatch.StartNew();
        var lost = await other.PostAsync($"/v1/sessions/{id}/exec", Api.Run("true"));

        Api.AssertProblem(lost, HttpStatusCode.Gone, "sessionLost");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"sessionLost took {clock.Elapsed}");
        // A detached session outlives its server until its TTL (by design); this test owns it and removes it.
        await Leftovers.RemoveAsync(killedPid);
        Assert.Equal(0, await Leftovers.CountAsync(killedPid));
    }

    [Fact]
    public async Task A_peer_that_dies_during_a_forwarded_run_gives_its_caller_a_typed_error_within_seconds()
    {
        await using var cluster = await LoopbackCluster.StartAsync(2);
        await cluster.Nodes[0].RequireExecutorAsync("host");
        using var client = cluster.Nodes[0].Tcp();
        using var busyCancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var busyClient = cluster.Nodes[0].Tcp();
        _ = busyClient.PostAsync("/v1/runs", RunTests.JsonContent(Sleep(60, "busy")), busyCancel.Token);
        await cluster.WaitForFreeAsync(0, 0);
        var forwarded = client.PostAsync("/v1/runs", Sleep(60, "forwarded"));
        await cluster.WaitForFreeAsync(1, 0);

        var clock = Stopwatch.StartNew();
        cluster.Nodes[1].Signal(ServerProcess.SigKill);
        var reply = await forwarded;
        await busyCancel.CancelAsync();

        Api.AssertProblem(reply, HttpStatusCode.ServiceUnavailable, "engineUnavailable");
        Assert.Contains("node-b", reply.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the error took {clock.Elapsed}");
    }

    private static async Task<int> FreeAsync(LoopbackCluster cluster, int index)
    {
        using var client = cluster.Nodes[index].Tcp();
        return (await client.GetJsonAsync("/v1/federation/load")).Json.GetProperty("free").GetInt32();
    }
}
