using Sandbox.Abstractions;
using Sandbox.Executors.Docker;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>docker</c> executor compiled into the application, without a plugin folder.</summary>
public static class DockerSandboxBuilderExtensions
{
    /// <summary>Adds the <c>docker</c> executor (<see cref="DockerExecutor"/>); its settings come from <c>executors.docker</c>.</summary>
    public static ISandboxBuilder AddDocker(this ISandboxBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddComponent(typeof(DockerExecutor));
    }
}
