using Sandbox.Engines.DockerApi;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>An engine the suites run against: its dialect and how to make its real executor plugin.</summary>
public interface IEngineTarget
{
    /// <summary>The engine's dialect.</summary>
    static abstract EngineDialect Dialect { get; }

    /// <summary>Creates the plugin's executor with <paramref name="settings"/>.</summary>
    static abstract ContainerExecutor Create(ContainerEngineSettings settings);
}
