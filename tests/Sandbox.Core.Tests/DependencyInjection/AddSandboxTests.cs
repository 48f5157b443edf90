using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Abstractions;
using Sandbox.Core.Configuration;

namespace Sandbox.Core.Tests.DependencyInjection;

/// <summary>Components registered in code (the plugin packages' AddDocker() and the like) beside plugin folders.</summary>
public sealed class AddSandboxTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_executor_registered_in_code_runs_without_any_plugin_folder()
    {
        var services = new ServiceCollection();
        services.AddSandbox(o =>
        {
            o.Config = SandboxConfig.Default;
            o.DefaultExecutor = "compiled-in";
            o.IncludeUserPlugins = false;
            o.IncludeBundledPlugins = false;
        }).AddComponent(typeof(CompiledInExecutor));
        await using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<SandboxRuntime>();
        var result = await runtime.RunAsync(runtime.CreateRequest("anything"), cancellationToken: Token);

        Assert.Equal("compiled-in", provider.GetRequiredService<IExecutor>().Name);
        Assert.Equal(0, result.ExitCode);
        var descriptor = Assert.Single(runtime.Plugins.Plugins);
        Assert.Equal("Default#compiled-in", descriptor.LoadContext);
        Assert.True(descriptor.Loaded);
    }

    [Fact]
    public async Task Configuration_and_component_settings_are_bound_from_IConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:defaultExecutor"] = "compiled-in",
            ["Sandbox:defaults:pids"] = "64",
            ["Sandbox:executors:tests:endpoint"] = "tcp://x",
            ["Sandbox:executors:tests:retry"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddSandbox(configuration.GetSection("Sandbox"), o => o.IncludeUserPlugins = false).AddComponent(typeof(CompiledInExecutor));
        await using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<SandboxRuntime>();
        var result = await runtime.RunAsync(runtime.CreateRequest("anything"), cancellationToken: Token);

        Assert.Equal("""{"endpoint":"tcp://x","retry":true} pids=64""", result.Stdout);
    }

    [Fact]
    public async Task Plugin_folders_keep_working_beside_components_registered_in_code()
    {
        var services = new ServiceCollection();
        services.AddSandbox(o =>
        {
            o.Config = SandboxConfig.Default;
            o.DefaultExecutor = "fake";
            o.IncludeUserPlugins = false;
        }).AddComponent(typeof(CompiledInExecutor)).AddComponent(typeof(CompiledInExecutor));
        await using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<SandboxRuntime>();

        Assert.Contains("fake", runtime.Plugins.Executors.Keys);
        Assert.Contains("compiled-in", runtime.Plugins.Executors.Keys);
        Assert.Single(runtime.Plugins.Plugins, p => p.Name == "compiled-in");
    }

    [Fact]
    public void A_type_that_is_not_an_executor_or_validator_is_refused_when_registered()
    {
        var builder = new ServiceCollection().AddSandbox();

        var error = Assert.Throws<ArgumentException>(() => builder.AddComponent(typeof(string)));

        Assert.Contains("System.String is not a public executor or validator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_in_IConfiguration_is_reported_with_its_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:defaultExecuter"] = "docker" }).Build();
        var services = new ServiceCollection();
        services.AddSandbox(configuration.GetSection("Sandbox"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<SandboxConfigurationException>(() => provider.GetRequiredService<SandboxRuntime>());

        Assert.Contains("configuration section 'Sandbox'", error.Message, StringComparison.Ordinal);
        Assert.Contains("defaultExecuter", error.Message, StringComparison.Ordinal);
    }
}
