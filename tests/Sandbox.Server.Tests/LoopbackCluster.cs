using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>
/// Several real <c>sandbox serve</c> processes on loopback ports that know each other as federation peers (static
/// <c>peers</c> lists), each with one run slot per tenant: the smallest federation that forwards.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private LoopbackCluster(IReadOnlyList<string> names, IReadOnlyList<ServerProcess> nodes)
    {
        Names = names;
        Nodes = nodes;
    }

    /// <summary>The node names, in start order (node-a, node-b, ...).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The servers, in the order of <see cref="Names"/>.</summary>
    public IReadOnlyList<ServerProcess> Nodes { get; }

    /// <summary>Starts <paramref name="count"/> nodes whose tenants each get <paramref name="slots"/> live run(s).</summary>
    public static async Task<LoopbackCluster> StartAsync(int count, int slots = 1)
    {
        var ports = Enumerable.Range(0, count).Select(_ => LoopbackPort.Free()).ToArray();
        var names = Enumerable.Range(0, count).Select(i => $"node-{(char)('a' + i)}").ToArray();
        var nodes = new List<ServerProcess>();
        try
        {
            // One at a time: each start loads the plugins, and the machine has two cores.
            for (var i = 0; i < count; i++) nodes.Add(await ServerProcess.StartAsync(Config(names[i], ports.Where((_, j) => j != i), slots), folder: null, tcpPort: ports[i]));
            return new LoopbackCluster(names, nodes);
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>The configuration of one node.</summary>
    public static string Config(string name, IEnumerable<int> peerPorts, int slots) => new JsonObject
    {
        ["defaults"] = new JsonObject { ["image"] = "${SANDBOX_IMAGE_PYTHON}" },
        ["server"] = new JsonObject
        {
            ["shutdownGrace"] = "4s",
            ["quotas"] = new JsonObject { ["*"] = new JsonObject { ["maxLiveSandboxes"] = slots, ["maxQueuedRuns"] = 64 } },
            ["federation"] = new JsonObject
            {
                ["node"] = name,
                ["peers"] = new JsonArray([.. peerPorts.Select(p => JsonValue.Create($"http://127.0.0.1:{p}"))]),
            },
        },
    }.ToJsonString();

    /// <summary>Waits until node <paramref name="index"/> reports <paramref name="free"/> free slots for alice.</summary>
    public async Task WaitForFreeAsync(int index, int free)
    {
        using var client = Nodes[index].Tcp();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var load = await client.GetJsonAsync("/v1/federation/load");
            if (load.Json.GetProperty("free").GetInt32() == free) return;
            Assert.True(DateTime.UtcNow < deadline, $"{Names[index]} never reported {free} free slot(s): {load.Text}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
