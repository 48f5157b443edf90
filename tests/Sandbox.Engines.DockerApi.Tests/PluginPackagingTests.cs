using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core.Plugins;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>The Docker and Podman plugins as the host loads them: each in its own load context, with its own copy of the layer.</summary>
public sealed class PluginPackagingTests
{
    private static readonly string PluginsFolder = Path.Combine(AppContext.BaseDirectory, "plugins");

    [Theory]
    [InlineData("Sandbox.Executors.Docker")]
    [InlineData("Sandbox.Executors.Podman")]
    public void Each_plugin_folder_carries_the_layer_and_the_toolkit_but_not_the_shared_contract(string plugin)
    {
        var files = Directory.GetFiles(Path.Combine(PluginsFolder, plugin)).Select(Path.GetFileName).ToList();

        Assert.Contains("Sandbox.Engines.DockerApi.dll", files);
        Assert.Contains("Docker.DotNet.dll", files);
        Assert.Contains("Sandbox.Toolkit.dll", files);
        Assert.DoesNotContain("Sandbox.Abstractions.dll", files);
    }

    [Fact]
    public async Task Both_plugins_load_side_by_side_with_their_settings()
    {
        await using var catalog = PluginCatalog.Load([PluginsFolder], (_, key) => Settings(key));

        Assert.All(catalog.Plugins, p => Assert.Null(p.Error));
        Assert.Equal(["docker", "podman"], catalog.Executors.Keys.Order(StringComparer.Ordinal));
        Assert.All(catalog.Executors.Values, e => Assert.Equal(IsolationLevel.Container, e.IsolationLevel));
        Assert.NotEqual(catalog.Plugins[0].LoadContext, catalog.Plugins[1].LoadContext);
    }

    [Fact]
    public async Task The_loaded_docker_plugin_runs_a_request()
    {
        await using var catalog = PluginCatalog.Load([PluginsFolder], (_, key) => Settings(key));
        var docker = catalog.Executors["docker"];
        var health = await docker.HealthCheckAsync(TestContext.Current.CancellationToken);
        EngineGate.Require(health.Healthy, "Docker engine with the Python image", health.Summary + "; run `bash build/setup.sh`");

        var result = await docker.ExecuteAsync(ExecutionRequest.For("python3", "-c", "print('from a plugin')"), TestContext.Current.CancellationToken);

        Assert.Equal("from a plugin\n", result.Stdout);
        Assert.True(result.CleanupSucceeded);
    }

    private static JsonElement Settings(string key) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["defaultImage"] = TestImages.Python, ["sweepOrphansOnStart"] = key == "docker" });
}
