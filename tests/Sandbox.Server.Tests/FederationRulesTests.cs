using System.Text.Json.Nodes;
using Sandbox.Core.Configuration;
using Sandbox.Server.Federation;

namespace Sandbox.Server.Tests;

/// <summary>The federation's rules without any process: its configuration, session ids that name their node, peer choice.</summary>
public sealed class FederationRulesTests
{
    private static readonly FederationConfig Federated = new() { Node = "n1", Peers = [new Uri("http://10.0.0.2:8080/")] };

    [Fact]
    public void The_federation_section_reads_node_static_peers_and_a_peers_dns_name()
    {
        var config = Parse(new JsonObject { ["node"] = "n1", ["peers"] = new JsonArray("http://10.0.0.2:8080"), ["peersDns"] = "tasks.sandbox:8080" });

        Assert.Equal("n1", config.Node);
        Assert.Equal([new Uri("http://10.0.0.2:8080/")], config.Peers);
        Assert.Equal("tasks.sandbox:8080", config.PeersDns);
        Assert.True(config.Enabled);
        Assert.False(SandboxConfig.Default.Server.Federation.Enabled);
    }

    [Theory]
    [InlineData("peersDns", "tasks.sandbox")]
    [InlineData("peersDns", "tasks.sandbox:99999")]
    [InlineData("node", "a@b")]
    [InlineData("peerz", "x")]
    public void A_bad_federation_setting_is_a_configuration_error_that_names_its_key(string key, string value)
    {
        var error = Assert.Throws<SandboxConfigurationException>(() => Parse(new JsonObject { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_that_is_not_a_base_url_is_refused()
    {
        Assert.Throws<SandboxConfigurationException>(() => Parse(new JsonObject { ["peers"] = new JsonArray("10.0.0.2:8080") }));
    }

    [Fact]
    public void Session_ids_name_their_node_when_federated_and_this_nodes_name_is_stripped_again()
    {
        var node = new FederationNode(Federated);

        Assert.Equal("sbx-1@n1", node.Qualify("sbx-1"));
        Assert.Equal(("sbx-1", (string?)null), node.Parse("sbx-1@n1"));
        Assert.Equal(("sbx-1", "n2"), node.Parse("sbx-1@n2"));
        Assert.Equal(("sbx-1", (string?)null), node.Parse("sbx-1"));
        Assert.Equal("sbx-1", new FederationNode(FederationConfig.None with { Node = "solo" }).Qualify("sbx-1"));
    }

    [Fact]
    public void Runs_go_to_peers_with_room_most_free_first_never_to_full_or_stopping_ones()
    {
        PeerDirectory.Peer Peer(string name, int? free, bool stopping = false) => new(new Uri($"http://{name}:1/"), new NodeLoad(name, free, 0, 0, stopping));

        var chosen = RunAdmission.Choose([Peer("full", 0), Peer("one", 1), Peer("three", 3), Peer("leaving", 5, stopping: true), Peer("unbounded", null)]);

        Assert.Equal(["unbounded", "three", "one"], chosen.Select(p => p.Load.Node));
    }

    private static FederationConfig Parse(JsonObject federation) =>
        SandboxConfigLoader.Parse(new JsonObject { ["server"] = new JsonObject { ["federation"] = federation } }.ToJsonString(), "sandbox.json").Server.Federation;
}
