using System.Text.Json;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class SweptObjectTests
{
    [Fact]
    public void Containers_volumes_and_networks_are_read_with_their_names_and_labels()
    {
        using var containers = JsonDocument.Parse("""[{"Id":"c1","Names":["/sandbox-docker-1"],"Labels":{"sandbox.managed":"true","n":"1"}}]""");
        using var volumes = JsonDocument.Parse("""{"Volumes":[{"Name":"v1","Labels":{"sandbox.managed":"true"}}],"Warnings":null}""");
        using var networks = JsonDocument.Parse("""[{"Name":"sandbox-egress-ab","Id":"n1","Labels":null}]""");

        var container = Assert.Single(SweptObject.ReadList(containers.RootElement));
        var volume = Assert.Single(SweptObject.ReadList(volumes.RootElement, "Volumes"));
        var network = Assert.Single(SweptObject.ReadList(networks.RootElement));

        Assert.Equal(("c1", "sandbox-docker-1", "1"), (container.Id, container.Name, container.Labels["n"]));
        Assert.Equal(("v1", "v1"), (volume.Id, volume.Name));
        Assert.Equal(("n1", "sandbox-egress-ab"), (network.Id, network.Name));
        Assert.Empty(network.Labels);
    }

    [Fact]
    public void An_answer_that_is_not_a_list_lists_nothing_and_the_filter_names_only_the_frameworks_objects()
    {
        using var odd = JsonDocument.Parse("""{"message":"page not found"}""");

        Assert.Empty(SweptObject.ReadList(odd.RootElement));
        Assert.Empty(SweptObject.ReadList(odd.RootElement, "Volumes"));
        Assert.Equal($$"""{"label":["{{SandboxLabels.ManagedFilter}}"],"dangling":["true"]}""",
            Uri.UnescapeDataString(SweptObject.ManagedFilter(""","dangling":["true"]""")["filters=".Length..]));
    }
}
