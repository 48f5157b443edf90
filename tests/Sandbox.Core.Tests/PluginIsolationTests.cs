using Sandbox.Abstractions;
using Sandbox.Core.Plugins;

namespace Sandbox.Core.Tests;

public sealed class PluginIsolationTests : IAsyncLifetime
{
    private PluginCatalog _catalog = null!;

    public ValueTask InitializeAsync()
    {
        _catalog = PluginCatalog.Load([PluginFolders.Bundled]);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _catalog.DisposeAsync();

    [Fact]
    public async Task Plugins_depending_on_different_major_versions_of_a_library_each_see_their_own()
    {
        var twelve = await _catalog.Executors["json12"].ExecuteAsync(ExecutionRequest.For("x"), TestContext.Current.CancellationToken);
        var thirteen = await _catalog.Executors["json13"].ExecuteAsync(ExecutionRequest.For("x"), TestContext.Current.CancellationToken);

        Assert.Equal("""{"version":"12.0.0.0"}""", twelve.Stdout);
        Assert.Equal("""{"version":"13.0.0.0"}""", thirteen.Stdout);
    }

    [Fact]
    public void Each_plugin_assembly_lives_in_its_own_load_context()
    {
        var contexts = _catalog.Plugins.Where(p => p.Loaded)
            .DistinctBy(p => p.AssemblyPath)
            .Select(p => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(p.Instance!.GetType().Assembly))
            .ToArray();

        Assert.Equal(3, contexts.Length);
        Assert.Equal(contexts.Length, contexts.Distinct().Count());
        Assert.DoesNotContain(System.Runtime.Loader.AssemblyLoadContext.Default, contexts);
    }

    [Fact]
    public void The_contract_is_shared_with_the_host_so_plugin_instances_are_usable_as_IExecutor()
    {
        var executor = _catalog.Plugins.Single(p => p.Name == "json13").Instance;

        Assert.IsAssignableFrom<IExecutor>(executor);
        Assert.Same(typeof(IExecutor).Assembly, executor!.GetType().GetInterfaces().Single(i => i.Name == nameof(IExecutor)).Assembly);
    }

    [Fact]
    public async Task The_plugin_toolkit_is_carried_privately_so_a_toolkit_fix_is_not_a_contract_change()
    {
        var fake = _catalog.Plugins.Single(p => p.Name == "fake");
        await _catalog.Executors["fake"].ExecuteAsync(ExecutionRequest.For("echo hi"), TestContext.Current.CancellationToken);

        var pluginContext = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(fake.Instance!.GetType().Assembly)!;
        var pluginToolkit = Assert.Single(pluginContext.Assemblies, a => a.GetName().Name == "Sandbox.Toolkit");
        Assert.NotSame(typeof(Sandbox.Toolkit.OutputCapture).Assembly, pluginToolkit);
        Assert.DoesNotContain(pluginContext.Assemblies, a => a.GetName().Name == "Sandbox.Abstractions");
    }

    [Fact]
    public void A_plugin_whose_constructor_throws_is_reported_by_name_while_the_others_load()
    {
        var failed = _catalog.Plugins.Single(p => p.AssemblyPath.Contains("Sandbox.TestPlugins.Throwing", StringComparison.Ordinal));

        Assert.False(failed.Loaded);
        Assert.Contains("ThrowingExecutor failed to start", failed.Error);
        Assert.Contains("boom: cannot start", failed.Error);
        Assert.Contains("json12", _catalog.Executors.Keys);
        Assert.Contains("fake", _catalog.Executors.Keys);
    }

    [Fact]
    public void A_plugin_whose_dependency_is_missing_is_reported_naming_the_missing_assembly()
    {
        var failed = _catalog.Plugins.Single(p => p.AssemblyPath.Contains("Sandbox.TestPlugins.MissingDependency", StringComparison.Ordinal));

        Assert.False(failed.Loaded);
        Assert.Contains("missing dependency", failed.Error);
        Assert.Contains("Sandbox.TestPlugins.Dependency", failed.Error);
    }

    [Fact]
    public void Descriptors_report_version_load_context_and_path()
    {
        var plugin = _catalog.Plugins.Single(p => p.Name == "fake");

        Assert.Equal(PluginKind.Executor, plugin.Kind);
        Assert.NotNull(plugin.Version);
        Assert.Contains("Sandbox.TestPlugins.Fakes", plugin.LoadContext);
        Assert.EndsWith(Path.Combine("plugins", "Sandbox.TestPlugins.Fakes", "Sandbox.TestPlugins.Fakes.dll"), plugin.AssemblyPath);
    }

    [Fact]
    public void A_folder_without_a_plugin_assembly_is_reported_not_fatal()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-plugins-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "Empty"));
            var catalog = PluginCatalog.Load([root.FullName]);

            var failed = Assert.Single(catalog.Plugins);
            Assert.Equal("Empty", failed.Name);
            Assert.Contains("no plugin assembly", failed.Error);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
