using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi;

namespace Sandbox.Executors.Docker;

/// <summary>
/// The <c>docker</c> executor: one fresh, locked-down container per request on a Docker engine (<c>DOCKER_HOST</c>,
/// default <c>unix:///var/run/docker.sock</c>). Settings: <c>executors.docker</c> in sandbox.json, see
/// <see cref="ContainerEngineSettings"/>.
/// </summary>
public sealed class DockerExecutor : ContainerExecutor
{
    /// <summary>Creates the executor from its plugin context.</summary>
    public DockerExecutor(PluginContext context)
        : base(EngineDialect.Docker, context)
    {
    }

    /// <summary>Creates the executor for direct use.</summary>
    public DockerExecutor(ContainerEngineSettings settings, ILoggerFactory? loggerFactory = null)
        : base(EngineDialect.Docker, settings, loggerFactory)
    {
    }
}
