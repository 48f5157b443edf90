using Sandbox.Engines.DockerApi.TestKit;

namespace Sandbox.Executors.Docker.Tests;

public sealed class DockerRunTests : ContainerRunTests<DockerTarget>;

public sealed class DockerLimitTests : ContainerLimitTests<DockerTarget>;

public sealed class DockerSecurityTests : ContainerSecurityTests<DockerTarget>;

public sealed class DockerCleanupTests : ContainerCleanupTests<DockerTarget>;

public sealed class DockerEngineTests : ContainerEngineTests<DockerTarget>;

public sealed class DockerConformanceTests : ContainerConformanceTests<DockerTarget>;

public sealed class DockerSessionTests : ContainerSessionTests<DockerTarget>;

public sealed class DockerSessionLifetimeTests : ContainerSessionLifetimeTests<DockerTarget>;

public sealed class DockerSessionWorkflowTests : ContainerSessionWorkflowTests<DockerTarget>;

public sealed class DockerSingleUseSessionTests : ContainerSingleUseSessionTests<DockerTarget>;

public sealed class DockerHostileWorkloadTests : ContainerHostileWorkloadTests<DockerTarget>;

public sealed class DockerStatsTests : ContainerStatsTests<DockerTarget>;

public sealed class DockerEngineRestartTests(PrivateEngine<DockerTarget> engine) : ContainerEngineRestartTests<DockerTarget>(engine);

public sealed class DockerRegistryTests(RegistryImages<DockerTarget> images) : ContainerRegistryTests<DockerTarget>(images);

public sealed class DockerEgressTests : ContainerEgressTests<DockerTarget>;
