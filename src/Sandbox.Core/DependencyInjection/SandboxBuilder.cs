using Microsoft.Extensions.DependencyInjection;
using Sandbox.Abstractions;
using Sandbox.Core.Plugins;

namespace Sandbox.Core;

/// <summary>
/// What <see cref="SandboxServiceCollectionExtensions.AddSandbox(IServiceCollection, Action{SandboxOptions}?)"/> returns:
/// adds executors and validators compiled into the application (<c>.AddDocker()</c>, <c>.AddPythonValidator()</c> from
/// the plugin packages) to <see cref="SandboxOptions.Components"/>. Plugin folders are still searched after them.
/// </summary>
public sealed class SandboxBuilder : ISandboxBuilder
{
    internal SandboxBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    public ISandboxBuilder AddComponent(Type componentType)
    {
        ArgumentNullException.ThrowIfNull(componentType);
        if (!PluginActivator.IsComponent(componentType, out _))
            throw new ArgumentException($"{componentType.FullName} is not a public executor or validator with a PluginContext or parameterless constructor", nameof(componentType));
        Services.Configure<SandboxOptions>(options =>
        {
            if (!options.Components.Contains(componentType)) options.Components.Add(componentType);
        });
        return this;
    }
}
