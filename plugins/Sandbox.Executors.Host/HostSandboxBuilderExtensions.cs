using Sandbox.Abstractions;
using Sandbox.Executors.Host;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>host</c> executor compiled into the application, without a plugin folder.</summary>
public static class HostSandboxBuilderExtensions
{
    /// <summary>Adds the <c>host</c> executor (<see cref="HostExecutor"/>); its settings come from <c>executors.host</c>.</summary>
    public static ISandboxBuilder AddHostExecutor(this ISandboxBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddComponent(typeof(HostExecutor));
    }
}
