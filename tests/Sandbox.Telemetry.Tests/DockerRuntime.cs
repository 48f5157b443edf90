using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Telemetry.Tests;

/// <summary>A runtime on the bundled Docker plugin and the repository's Python image, after the engine gate.</summary>
internal static class DockerRuntime
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the runtime with <paramref name="extraJson"/> merged into its configuration, then checks the engine.</summary>
    public static async Task<SandboxRuntime> StartAsync(string extraJson = "")
    {
        var json = $$"""{ "defaultExecutor": "docker", "defaults": { "image": "{{TestImages.Python}}" }{{(extraJson.Length > 0 ? ", " + extraJson : "")}} }""";
        var runtime = await SandboxRuntime.CreateAsync(new SandboxOptions
        {
            Config = SandboxConfigLoader.Parse(json, Path.Combine(AppContext.BaseDirectory, "sandbox.json")),
            IncludeUserPlugins = false,
        }, cancellationToken: Ct);
        try
        {
            var health = await runtime.GetExecutor("docker").HealthCheckAsync(Ct);
            EngineGate.Require(health.Healthy, "the Docker engine", $"{health.Summary} (run bash build/setup.sh)");
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }
}
