using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi;

namespace Sandbox.Executors.Podman;

/// <summary>
/// The <c>podman</c> executor: one fresh, locked-down container per request through Podman's Docker-compatible API
/// (<c>PODMAN_HOST</c>, default: the socket in build/images/images.env). Rootful Podman; <c>sandbox doctor</c> says
/// whether rootless could work here. Settings: <c>executors.podman</c> in sandbox.json, see
/// <see cref="ContainerEngineSettings"/>.
/// </summary>
public sealed class PodmanExecutor : ContainerExecutor
{
    /// <summary>Creates the executor from its plugin context.</summary>
    public PodmanExecutor(PluginContext context)
        : base(EngineDialect.Podman, context)
    {
    }

    /// <summary>Creates the executor for direct use.</summary>
    public PodmanExecutor(ContainerEngineSettings settings, ILoggerFactory? loggerFactory = null)
        : base(EngineDialect.Podman, settings, loggerFactory)
    {
    }
}
