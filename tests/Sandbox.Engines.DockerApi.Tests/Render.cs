using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>Renders a request the way a run does, for assertions on the engine configuration.</summary>
internal static class Render
{
    public static readonly Dictionary<string, string> Labels = new() { [SandboxLabels.Managed] = "true" };

    public static CreateContainerParameters Spec(ExecutionRequest request, EngineDialect? dialect = null, string? seccompJson = null) =>
        ContainerSpecRenderer.Render(request, new RenderContext(dialect ?? EngineDialect.Docker, "img", "name", Labels, ScratchLayout.For(request, dialect ?? EngineDialect.Docker), seccompJson));

    public static HostConfig Host(ExecutionRequest request, EngineDialect? dialect = null) => Spec(request, dialect).HostConfig;

    public static long Ulimit(HostConfig host, string name)
    {
        var ulimit = Assert.Single(host.Ulimits, u => u.Name == name);
        Assert.Equal(ulimit.Soft, ulimit.Hard);
        return ulimit.Hard;
    }
}
