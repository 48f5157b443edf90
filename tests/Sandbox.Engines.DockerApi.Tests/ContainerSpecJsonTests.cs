using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class ContainerSpecJsonTests
{
    private static readonly ExecutionRequest Base = new() { Command = ["python3", "-c", "pass"] };

    public static TheoryData<string> Specs => [.. SpecsByName.Keys];

    // Every shape the layer renders (each option on), plus the model's converted members set by hand.
    private static Dictionary<string, Func<CreateContainerParameters>> SpecsByName => new()
    {
        ["defaults"] = () => Render.Spec(Base),
        ["podman"] = () => Render.Spec(Base, EngineDialect.Podman),
        ["every option"] = () => Render.Spec(Base with
        {
            Limits = ResourceLimits.Default with { MemoryBytes = 64L * 1024 * 1024, Cpus = 0.5, Pids = 50, OpenFiles = 256, FileSizeBytes = 1024, TmpfsBytes = 1024 * 1024 },
            Security = SecurityProfile.Default with { User = "0", Privileged = true, Runtime = "runsc", AppArmorProfile = "p", AddCapabilities = ["NET_BIND_SERVICE"], DropAllCapabilities = false, NoNewPrivileges = false, ReadOnlyRootFilesystem = false },
            Network = NetworkPolicy.Bridge,
            Environment = new Dictionary<string, string> { ["A"] = "1", ["HTML"] = "<a & b>", ["UNICODE"] = "ünïcødé ✓" },
            Files = [SandboxFile.FromText("in.txt", "x")],
            OutputPaths = ["/results/out.txt"],
            Mounts = [new HostMount("/srv/data", "/data"), new HostMount("/srv/out", "/out", ReadOnly: false)],
            WorkingDirectory = "/work",
            Labels = new Dictionary<string, string> { ["team"] = "a\"b" },
        }),
        ["custom seccomp"] = () => Render.Spec(Base with { Security = SecurityProfile.Default with { Seccomp = SeccompMode.Custom, SeccompProfilePath = "/p.json" } }, seccompJson: """{"defaultAction":"SCMP_ACT_ERRNO"}"""),
        ["gated"] = () =>
        {
            var spec = Render.Spec(Base);
            SandboxGate.Install(spec, "/opt/sandbox-gate");
            return spec;
        },
        ["converted members"] = () =>
        {
            var spec = Render.Spec(Base);
            spec.StopTimeout = TimeSpan.FromSeconds(7);
            spec.StopSignal = "SIGTERM";
            spec.Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = TimeSpan.FromMilliseconds(1500), Timeout = TimeSpan.FromSeconds(2), Retries = 3 };
            spec.HostConfig.RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped, MaximumRetryCount = 0 };
            spec.ExposedPorts = new Dictionary<string, EmptyStruct> { ["80/tcp"] = default };
            spec.HostConfig.DNS = ["10.0.0.1"];
            spec.HostConfig.Sysctls = new Dictionary<string, string> { ["net.ipv6.conf.all.disable_ipv6"] = "1" };
            spec.NetworkingConfig = new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { ["n"] = new() { Aliases = ["x"] } } };
            return spec;
        },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task The_create_body_is_what_DockerDotNet_sends(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var engine = new FakeEngineSocket((_, _) => (201, """{"Id":"abc","Warnings":[]}"""));
        using var client = new EngineClient(EngineDialect.Docker, EngineEndpoint.Resolve(EngineDialect.Docker, engine.SocketPath), TimeSpan.FromSeconds(30), NullLogger.Instance);

        await client.Api.Containers.CreateContainerAsync(SpecsByName[name](), ct);
        var id = await client.CreateContainerAsync("create", SpecsByName[name](), ct);

        Assert.Equal("abc", id);
        Assert.Equal(2, engine.Bodies.Count);
        var (theirTarget, theirs) = engine.Bodies[0];
        var (ourTarget, ours) = engine.Bodies[1];
        Assert.Equal(Query(theirTarget), Query(ourTarget));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(theirs), JsonNode.Parse(ours)), $"Docker.DotNet sent\n{Encoding.UTF8.GetString(theirs)}\nwe sent\n{Encoding.UTF8.GetString(ours)}");
    }

    [Fact]
    public void The_contract_of_every_type_a_body_can_hold_builds_ahead_of_the_first_create()
    {
        ContainerSpecJson.Prepare();

        Assert.NotEmpty(ContainerSpecJson.Serialize(Render.Spec(Base)));
    }

    [Fact]
    public async Task A_missing_image_is_a_typed_not_found()
    {
        await using var engine = new FakeEngineSocket((_, _) => (404, """{"message":"No such image: sandbox/none:1"}"""));
        using var client = new EngineClient(EngineDialect.Docker, EngineEndpoint.Resolve(EngineDialect.Docker, engine.SocketPath), TimeSpan.FromSeconds(30), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<EngineApiException>(() => client.CreateContainerAsync("create the container", Render.Spec(Base), TestContext.Current.CancellationToken));

        Assert.True(EngineErrors.IsNotFound(error));
        Assert.Contains("No such image", error.EngineMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_without_an_id_is_an_engine_error()
    {
        await using var engine = new FakeEngineSocket((_, _) => (201, """{"Warnings":[]}"""));
        using var client = new EngineClient(EngineDialect.Docker, EngineEndpoint.Resolve(EngineDialect.Docker, engine.SocketPath), TimeSpan.FromSeconds(30), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<EngineApiException>(() => client.CreateContainerAsync("create the container", Render.Spec(Base), TestContext.Current.CancellationToken));

        Assert.Contains("without a container id", error.Message, StringComparison.Ordinal);
    }

    // The query as a set: Docker.DotNet and we may order parameters differently.
    private static string[] Query(string target) =>
        [.. (target.Split('?', 2) is [_, var query] ? query : "").Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
}
