using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Sandbox.Abstractions;
using Sandbox.Core.Configuration;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Tests.SourcePlugins;

/// <summary>The runtime over a source plugin: sessions count against the live bound, and a reload reaches later runs.</summary>
public sealed class RuntimeSourcePluginTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_holds_a_slot_of_the_live_bound_until_it_is_disposed()
    {
        await using var folder = new SourcePluginFolder(SessionSourcePlugin.Manifest, ("EchoSessions.cs", SessionSourcePlugin.Executor()));
        await using var runtime = await CreateRuntimeAsync(folder, """{ "concurrency": { "maxLiveSandboxes": 1, "queueTimeout": "100ms" } }""");

        var session = await runtime.CreateSessionAsync(runtime.CreateRequest(), cancellationToken: Token);
        Assert.Equal(1, runtime.Limiter.Live);
        await Assert.ThrowsAsync<CapacityExhaustedException>(() => runtime.CreateSessionAsync(runtime.CreateRequest(), cancellationToken: Token));
        await Assert.ThrowsAsync<CapacityExhaustedException>(() => runtime.RunAsync(runtime.CreateRequest("x"), cancellationToken: Token));
        await session.DisposeAsync();

        Assert.Equal(0, runtime.Limiter.Live);
    }

    [Fact]
    public async Task A_detached_session_holds_a_slot_while_its_handle_is_open()
    {
        await using var folder = new SourcePluginFolder(SessionSourcePlugin.Manifest, ("EchoSessions.cs", SessionSourcePlugin.Executor()));
        await using var runtime = await CreateRuntimeAsync(folder, """{ "concurrency": { "maxLiveSandboxes": 1, "queueTimeout": "100ms" } }""");

        var session = await runtime.CreateSessionAsync(runtime.CreateRequest(), detachedTimeToLive: TimeSpan.FromMinutes(1), cancellationToken: Token);
        Assert.Equal(1, runtime.Limiter.Live);
        await Assert.ThrowsAsync<CapacityExhaustedException>(() => runtime.CreateSessionAsync(runtime.CreateRequest(), cancellationToken: Token));
        await session.DisposeAsync();

        Assert.Equal(0, runtime.Limiter.Live);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_reload_runs_reach_the_new_code_and_the_old_context_unloads(bool pooled)
    {
        await using var folder = new SourcePluginFolder(SessionSourcePlugin.Manifest, ("EchoSessions.cs", SessionSourcePlugin.Executor()));
        await using var runtime = await CreateRuntimeAsync(folder, pooled ? """{ "pool": { "minIdle": 1 } }""" : "{}");
        Assert.Equal("hello a", (await runtime.RunAsync(runtime.CreateRequest("a"), cancellationToken: Token)).Stdout);
        var oldContext = WeakContextOf(runtime);

        folder.Write("EchoSessions.cs", SessionSourcePlugin.Executor(greeting: "bonjour"));
        await runtime.Plugins.ReloadAsync(folder.PluginDirectory, Token);

        Assert.Equal("bonjour a", (await runtime.RunAsync(runtime.CreateRequest("a"), cancellationToken: Token)).Stdout);
        Assert.True(await SourcePluginTests.UnloadedAsync(oldContext), "the old load context is still alive after the reload");
    }

    private static Task<SandboxRuntime> CreateRuntimeAsync(SourcePluginFolder folder, string json)
    {
        var options = new SandboxOptions
        {
            Config = SandboxConfigLoader.Parse(json, Path.Combine(AppContext.BaseDirectory, "sandbox.json")),
            DefaultExecutor = "echo-source",
            IncludeBundledPlugins = false,
            SourcePlugins = folder.Options(),
        };
        options.PluginFolders.Add(folder.PluginsFolder);
        return SandboxRuntime.CreateAsync(options, cancellationToken: Token);
    }

    // Not inlined, so that no reference to the old context survives in this method's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakContextOf(SandboxRuntime runtime) =>
        new(AssemblyLoadContext.GetLoadContext(runtime.Plugins.Executors["echo-source"].GetType().Assembly));
}
