using Sandbox.Engines.DockerApi.TestKit;

namespace Sandbox.Executors.Podman.Tests;

public sealed class PodmanRunTests : ContainerRunTests<PodmanTarget>;

public sealed class PodmanLimitTests : ContainerLimitTests<PodmanTarget>;

public sealed class PodmanSecurityTests : ContainerSecurityTests<PodmanTarget>;

public sealed class PodmanCleanupTests : ContainerCleanupTests<PodmanTarget>;

public sealed class PodmanEngineTests : ContainerEngineTests<PodmanTarget>;

public sealed class PodmanConformanceTests : ContainerConformanceTests<PodmanTarget>;

public sealed class PodmanSessionTests : ContainerSessionTests<PodmanTarget>;

public sealed class PodmanSessionLifetimeTests : ContainerSessionLifetimeTests<PodmanTarget>;

public sealed class PodmanSessionWorkflowTests : ContainerSessionWorkflowTests<PodmanTarget>;

public sealed class PodmanSingleUseSessionTests : ContainerSingleUseSessionTests<PodmanTarget>;

public sealed class PodmanHostileWorkloadTests : ContainerHostileWorkloadTests<PodmanTarget>;

public sealed class PodmanStatsTests : ContainerStatsTests<PodmanTarget>;

public sealed class PodmanEngineRestartTests(PrivateEngine<PodmanTarget> engine) : ContainerEngineRestartTests<PodmanTarget>(engine);

public sealed class PodmanRegistryTests(RegistryImages<PodmanTarget> images) : ContainerRegistryTests<PodmanTarget>(images);

public sealed class PodmanEgressTests : ContainerEgressTests<PodmanTarget>;
