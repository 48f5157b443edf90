using Sandbox.Engines.DockerApi.TestKit;

namespace Sandbox.Executors.Docker.Tests;

public sealed class DockerRunTests : ContainerRunTests<DockerTarget>;
