using System.Text;
using Sandbox.Cli;

namespace Sandbox.Cli.Tests;

/// <summary><c>sandbox plugins</c> with a source plugin: its diagnostics in the listing, and <c>--watch</c> reloading it.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SourcePluginCommandTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sandbox-cli-source-");
    private string? _previousCache;

    private string PluginDirectory => Path.Combine(_root.FullName, "plugins", "Acme.Validators.Shout");

    private string Config => Path.Combine(_root.FullName, "sandbox.json");

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(PluginDirectory);
        File.WriteAllText(Path.Combine(PluginDirectory, "plugin.json"), """{ "kind": "validator" }""");
        WriteValidator("shout");
        File.WriteAllText(Config, $$"""{ "defaultExecutor": "fake", "pluginFolders": ["{{Path.Combine(_root.FullName, "plugins")}}"] }""");
        // The compilation cache of this test only; no other test compiles source plugins.
        _previousCache = Environment.GetEnvironmentVariable("SANDBOX_CACHE");
        Environment.SetEnvironmentVariable("SANDBOX_CACHE", Path.Combine(_root.FullName, "cache"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable("SANDBOX_CACHE", _previousCache);
        _root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Plugins_lists_a_source_plugin_with_its_warnings_and_location()
    {
        var run = await CliHarness.InvokeAsync("--config", Config, "plugins");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("shout        validator", run.Stdout);
        Assert.Contains($"ok{new string(' ', 48)} {PluginDirectory}", run.Stdout);
        Assert.Contains("    Validator.cs(4,10): warning CS1030: #warning: 'remember to shout'", run.Stdout);
    }

    [Fact]
    public async Task Plugins_watch_recompiles_and_lists_a_source_plugin_when_it_changes()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), () => new MemoryStream());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watching = SandboxCli.InvokeAsync(["--config", Config, "plugins", "--watch"], console, stop.Token);
        await Until(() => stderr.ToString().Contains("watching 1 source plugin", StringComparison.Ordinal));

        WriteValidator("whisper");
        await Until(() => stdout.ToString().Contains("whisper", StringComparison.Ordinal));
        await stop.CancelAsync();
        var exit = await watching;

        Assert.Equal(0, exit);
        Assert.Contains($"reloaded {PluginDirectory}:", stdout.ToString());
    }

    private void WriteValidator(string name) => File.WriteAllText(Path.Combine(PluginDirectory, "Validator.cs"), $$"""
        using Sandbox.Abstractions;

        namespace Acme.Validators.Shout;
        #warning remember to shout

        public sealed class ShoutValidator : IValidator
        {
            public string Name => "{{name}}";

            public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default) =>
                Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
        }
        """);

    private static async Task Until(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(100))
        {
            Assert.True(waited < TimeSpan.FromSeconds(60), "timed out waiting for the CLI");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
