using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Sandbox.Abstractions;
using Sandbox.Core.Plugins;

namespace Sandbox.Core.Tests.SourcePlugins;

public sealed class SourcePluginTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_source_plugin_is_compiled_into_its_own_collectible_context_and_runs()
    {
        await using var folder = new SourcePluginFolder();
        await using var catalog = await folder.LoadAsync();

        var result = await catalog.Executors["echo-source"].ExecuteAsync(ExecutionRequest.For("a", "b"), Token);

        Assert.Equal("hello a b", result.Stdout);
        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal((PluginKind.Executor, "Acme.Executors.Echo.EchoExecutor", folder.PluginDirectory), (plugin.Kind!.Value, plugin.TypeName!, plugin.SourceDirectory!));
        var context = AssemblyLoadContext.GetLoadContext(plugin.Instance!.GetType().Assembly)!;
        Assert.True(context.IsCollectible);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        // Only the contract is shared: the plugin implements the host's own IExecutor.
        Assert.IsAssignableFrom<IExecutor>(plugin.Instance);
    }

    [Fact]
    public async Task A_compile_error_stops_the_load_and_names_file_line_and_column()
    {
        await using var folder = new SourcePluginFolder(SourcePluginFolder.Manifest,
            ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor()),
            ("Broken/Helper.cs", "namespace Acme.Executors.Echo;\n\ninternal static class Helper\n{\n    public static int Two() => 2\n}\n"));
        await using var catalog = await folder.LoadAsync();

        var plugin = Assert.Single(catalog.Plugins);

        Assert.False(plugin.Loaded);
        Assert.Empty(catalog.Executors);
        var error = Assert.Single(plugin.Diagnostics, d => d.Severity == FindingSeverity.Error);
        Assert.Equal(("CS1002", "Broken/Helper.cs", 5, 33), (error.Id, error.Path, error.Line, error.Column));
        Assert.Contains("Broken/Helper.cs(5,33): error CS1002: ; expected", plugin.Error);
    }

    [Fact]
    public async Task A_manifest_with_an_unknown_kind_names_the_member_and_the_kinds_there_are()
    {
        await using var folder = new SourcePluginFolder("""{ "name": "Acme.Executors.Echo", "kind": "compiler" }""",
            ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor()));
        await using var catalog = await folder.LoadAsync();

        var plugin = Assert.Single(catalog.Plugins);

        Assert.False(plugin.Loaded);
        Assert.StartsWith("plugin.json(1,", plugin.Error, StringComparison.Ordinal);
        Assert.EndsWith(": kind: expected one of executor, validator", plugin.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_assemblies_other_than_the_contract_are_not_visible_to_a_source_plugin()
    {
        await using var folder = new SourcePluginFolder(SourcePluginFolder.Manifest,
            ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor(extraMember: "    public static object Runtime => typeof(Sandbox.Core.SandboxRuntime);")));
        await using var catalog = await folder.LoadAsync();

        var plugin = Assert.Single(catalog.Plugins);

        Assert.False(plugin.Loaded);
        Assert.Contains(plugin.Diagnostics, d => d is { Id: "CS0234", Path: "EchoExecutor.cs", Line: 17, Column: 52 });
    }

    [Fact]
    public async Task Analyzer_warnings_are_reported_with_their_location_and_the_plugin_still_loads()
    {
        await using var folder = new SourcePluginFolder(SourcePluginFolder.Manifest,
            ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor(extraMember: "    public int Blocking() => Task.FromResult(1).Result;")));
        await using var catalog = await folder.LoadAsync(new BlockingResultAnalyzer());

        var plugin = Assert.Single(catalog.Plugins);

        Assert.True(plugin.Loaded, plugin.Error);
        var warning = Assert.Single(plugin.Diagnostics);
        Assert.Equal("EchoExecutor.cs(17,49): warning SBX0102: Task.FromResult(1).Result blocks on asynchronous work", warning.ToString());
    }

    [Fact]
    public async Task The_frameworks_SBX_analyzers_run_on_source_plugins()
    {
        const string hidden = """
            using Sandbox.Abstractions;

            namespace Acme.Executors.Echo;

            internal sealed class HiddenValidator : IValidator
            {
                public string Name => "hidden";

                public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default) =>
                    Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
            }
            """;
        await using var folder = new SourcePluginFolder(SourcePluginFolder.Manifest, ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor()), ("HiddenValidator.cs", hidden));
        await using var catalog = await folder.LoadAsync([.. AnalyzerAssemblies.Default]);

        var plugin = Assert.Single(catalog.Plugins);

        Assert.True(plugin.Loaded, plugin.Error);
        var warning = Assert.Single(plugin.Diagnostics);
        Assert.Equal(("SBX0103", FindingSeverity.Warning, "HiddenValidator.cs", 5, 23), (warning.Id, warning.Severity, warning.Path!, warning.Line, warning.Column));
    }

    [Fact]
    public async Task A_warning_raised_to_an_error_in_plugin_json_stops_the_load()
    {
        const string strict = """{ "name": "Acme.Executors.Echo", "kind": "executor", "diagnostics": { "SBX0102": "error" } }""";
        await using var folder = new SourcePluginFolder(strict,
            ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor(extraMember: "    public int Blocking() => Task.FromResult(1).Result;")));
        await using var catalog = await folder.LoadAsync(new BlockingResultAnalyzer());

        var plugin = Assert.Single(catalog.Plugins);

        Assert.False(plugin.Loaded);
        Assert.Contains("EchoExecutor.cs(17,49): error SBX0102", plugin.Error);
    }

    [Fact]
    public async Task An_invalid_plugin_json_is_reported_with_line_and_column()
    {
        await using var folder = new SourcePluginFolder("{\n  \"kind\": \"executor\",\n  \"nmae\": \"typo\"\n}");
        await using var catalog = await folder.LoadAsync();

        var plugin = Assert.Single(catalog.Plugins);

        Assert.False(plugin.Loaded);
        Assert.StartsWith("plugin.json(3,", plugin.Error);
        Assert.Contains("nmae", plugin.Error);
    }

    [Fact]
    public async Task Reloading_after_an_edit_runs_the_new_code_and_unloads_the_old_context()
    {
        await using var folder = new SourcePluginFolder();
        await using var catalog = await folder.LoadAsync();
        var oldContext = WeakContextOf(catalog);

        folder.Write("EchoExecutor.cs", SourcePluginFolder.EchoExecutor(greeting: "bonjour"));
        await catalog.ReloadAsync(folder.PluginDirectory, Token);

        var result = await catalog.Executors["echo-source"].ExecuteAsync(ExecutionRequest.For("a"), Token);
        Assert.Equal("bonjour a", result.Stdout);
        Assert.True(await UnloadedAsync(oldContext), "the old load context is still alive after the reload");
    }

    [Fact]
    public async Task The_watcher_reloads_a_plugin_when_one_of_its_files_changes()
    {
        await using var folder = new SourcePluginFolder();
        await using var catalog = await folder.LoadAsync();
        var reloaded = new TaskCompletionSource<PluginReloadedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Reloaded += (_, e) => reloaded.TrySetResult(e);
        using var watching = catalog.WatchSourcePlugins();

        folder.Write("EchoExecutor.cs", SourcePluginFolder.EchoExecutor(greeting: "hola"));

        var reload = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.Equal(folder.PluginDirectory, reload.Directory);
        var result = await catalog.Executors["echo-source"].ExecuteAsync(ExecutionRequest.For("a"), Token);
        Assert.Equal("hola a", result.Stdout);
    }

    [Fact]
    public async Task A_restart_takes_unchanged_sources_from_the_cache_and_recompiles_changed_ones()
    {
        await using var folder = new SourcePluginFolder(SourcePluginFolder.Manifest,
            ("EchoExecutor.cs", SourcePluginFolder.EchoExecutor(extraMember: "    public int Blocking() => Task.FromResult(1).Result;")));
        var analyzer = new BlockingResultAnalyzer();
        PluginDescriptor first;
        await using (var catalog = await folder.LoadAsync(analyzer)) first = catalog.Plugins.Single();

        await using var restarted = await folder.LoadAsync(analyzer);
        var second = restarted.Plugins.Single();
        folder.Write("Extra.cs", "namespace Acme.Executors.Echo;\ninternal static class Extra { }\n");
        await using var changed = await folder.LoadAsync(analyzer);
        var third = changed.Plugins.Single();

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.AssemblyPath, second.AssemblyPath);
        Assert.StartsWith(folder.CacheDirectory, second.AssemblyPath);
        Assert.Equal("Acme.Executors.Echo.dll", Path.GetFileName(second.AssemblyPath));
        // The warnings of the cached compilation are replayed, not lost.
        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.False(third.FromCache);
        Assert.NotEqual(first.AssemblyPath, third.AssemblyPath);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Without_a_cache_folder_plugins_compile_into_a_private_temporary_folder_not_the_working_directory()
    {
        var root = CompiledPluginCache.RootIn(null);

        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), root, StringComparison.Ordinal);
        Assert.False(root.StartsWith(Environment.CurrentDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));
        Assert.Equal(root, CompiledPluginCache.RootIn(null));
        Assert.Equal(Path.Combine("/home/someone/.cache/sandbox-framework", "plugins"), CompiledPluginCache.RootIn("/home/someone/.cache/sandbox-framework"));
    }

    // Not inlined, so that no reference to the old context survives in this method's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakContextOf(PluginCatalog catalog) =>
        new(AssemblyLoadContext.GetLoadContext(catalog.Plugins.Single().Instance!.GetType().Assembly));

    /// <summary>Whether the load context behind <paramref name="context"/> was collected (after a few collections).</summary>
    internal static async Task<bool> UnloadedAsync(WeakReference context)
    {
        for (var i = 0; i < 50 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20, Token);
        }

        return !context.IsAlive;
    }
}
