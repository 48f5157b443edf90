using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.Core;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Sandbox Framework in a .NET application's service collection.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="SandboxRuntime"/> (configuration and plugins load on first use), also as
    /// <see cref="ISandboxRuntime"/>, and exposes the default executor as <see cref="Sandbox.Abstractions.IExecutor"/>, as
    /// runs use it: bounded by the runtime's live-sandbox limit and pooled when configured (<see cref="SandboxRuntime.GetExecutor"/>).
    /// </summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SandboxOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(provider => SandboxRuntime.Create(options, provider.GetService<ILoggerFactory>()));
        services.AddSingleton<ISandboxRuntime>(provider => provider.GetRequiredService<SandboxRuntime>());
        services.AddSingleton(provider => (Sandbox.Abstractions.IExecutor)provider.GetRequiredService<SandboxRuntime>().GetExecutor());
        return services;
    }
}
