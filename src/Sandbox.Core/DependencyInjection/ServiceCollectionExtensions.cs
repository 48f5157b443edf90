using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.Core;
using Sandbox.Core.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Sandbox Framework in a .NET application's service collection.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="SandboxRuntime"/> (configuration and plugins load on first use) built from
    /// <see cref="IOptions{SandboxOptions}"/>, and exposes the default executor as <see cref="Sandbox.Abstractions.IExecutor"/>,
    /// as runs use it: bounded by the runtime's live-sandbox limit and pooled when configured
    /// (<see cref="SandboxRuntime.GetExecutor"/>); also registered as <see cref="ISandboxRuntime"/>. Chain <c>.AddDocker()</c>, <c>.AddPythonValidator()</c>… to use
    /// components from the plugin packages without plugin folders.
    /// </summary>
    public static SandboxBuilder AddSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SandboxOptions>();
        if (configure is not null) options.Configure(configure);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SandboxOptions>>().Value);
        services.AddSingleton(provider => SandboxRuntime.Create(provider.GetRequiredService<SandboxOptions>(), provider.GetService<ILoggerFactory>()));
        services.AddSingleton<ISandboxRuntime>(provider => provider.GetRequiredService<SandboxRuntime>());
        services.AddSingleton(provider => (Sandbox.Abstractions.IExecutor)provider.GetRequiredService<SandboxRuntime>().GetExecutor());
        return new SandboxBuilder(services);
    }

    /// <summary>
    /// Like <see cref="AddSandbox(IServiceCollection, Action{SandboxOptions}?)"/>, with the configuration read from
    /// <paramref name="configuration"/> (e.g. <c>builder.Configuration.GetSection("Sandbox")</c>) instead of a
    /// <c>sandbox.json</c>: the same keys, rules and error messages (see <see cref="ConfigurationReader"/>).
    /// </summary>
    /// <exception cref="SandboxConfigurationException">When the runtime is created: the configuration is invalid.</exception>
    public static SandboxBuilder AddSandbox(this IServiceCollection services, IConfiguration configuration, Action<SandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddSandbox(options =>
        {
            options.Config = ConfigurationReader.Read(configuration);
            configure?.Invoke(options);
        });
    }
}
