using Sandbox.Engines.DockerApi;
using Sandbox.Engines.DockerApi.TestKit;

[assembly: AssemblyFixture(typeof(NoLeakedSandboxesFixture<Sandbox.Executors.Podman.Tests.PodmanTarget>))]

namespace Sandbox.Executors.Podman.Tests;

/// <summary>Podman's Docker-compatible service and its plugin, for the shared suites.</summary>
public sealed class PodmanTarget : IEngineTarget
{
    public static EngineDialect Dialect => EngineDialect.Podman;

    public static ContainerExecutor Create(ContainerEngineSettings settings) => new PodmanExecutor(settings);
}
