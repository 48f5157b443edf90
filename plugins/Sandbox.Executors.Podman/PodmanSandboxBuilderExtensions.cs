using Sandbox.Abstractions;
using Sandbox.Executors.Podman;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>podman</c> executor compiled into the application, without a plugin folder.</summary>
public static class PodmanSandboxBuilderExtensions
{
    /// <summary>Adds the <c>podman</c> executor (<see cref="PodmanExecutor"/>); its settings come from <c>executors.podman</c>.</summary>
    public static ISandboxBuilder AddPodman(this ISandboxBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddComponent(typeof(PodmanExecutor));
    }
}
