using Sandbox.Engines.DockerApi;
using Sandbox.Engines.DockerApi.TestKit;

[assembly: AssemblyFixture(typeof(NoLeakedSandboxesFixture<Sandbox.Executors.Docker.Tests.DockerTarget>))]

namespace Sandbox.Executors.Docker.Tests;

/// <summary>The Docker engine and its plugin, for the shared suites.</summary>
public sealed class DockerTarget : IEngineTarget
{
    public static EngineDialect Dialect => EngineDialect.Docker;

    public static ContainerExecutor Create(ContainerEngineSettings settings) => new DockerExecutor(settings);
}
