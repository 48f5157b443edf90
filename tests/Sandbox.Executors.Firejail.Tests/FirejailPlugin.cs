using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core.Plugins;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Executors.Firejail.Tests;

/// <summary>
/// The sample compiled from source by a real <see cref="PluginCatalog"/>, with its own run root and compilation cache in
/// a temporary folder that is removed afterwards.
/// </summary>
public sealed class FirejailPlugin : IAsyncLifetime
{
    public const string Firejail = "/usr/bin/firejail";

    // Not under /tmp or /var/tmp, which firejail replaces with private ones; traversable by the sandbox user.
    private readonly DirectoryInfo _root = Directory.CreateDirectory($"/var/lib/sandbox-firejail-tests-{Guid.NewGuid():N}");
    private PluginCatalog? _catalog;

    public static string SampleDirectory => RepositoryLayout.PathOf("samples", "Sandbox.Executors.Firejail");

    public string RunRoot => Path.Combine(_root.FullName, "runs");

    public PluginDescriptor Descriptor => _catalog!.Plugins.Single();

    /// <summary>The executor; skips (locally) or fails (in CI) the calling test when firejail is not installed.</summary>
    public IExecutor Executor
    {
        get
        {
            EngineGate.Require(File.Exists(Firejail), $"firejail ({Firejail})", "run build/engines/install.sh (apt-get install firejail)");
            Assert.True(Descriptor.Loaded, Descriptor.Error);
            return (IExecutor)Descriptor.Instance!;
        }
    }

    public int CountRunFolders(string requestId) =>
        Directory.Exists(RunRoot) ? Directory.GetDirectories(RunRoot, $"*-{requestId}-*").Length : 0;

    public async ValueTask InitializeAsync()
    {
        using var settings = JsonDocument.Parse(JsonSerializer.Serialize(new { runRoot = RunRoot }));
        var element = settings.RootElement.Clone();
        _catalog = await PluginCatalog.LoadAsync(
            [SampleDirectory],
            settingsFor: (_, key) => key == "firejail" ? element : default,
            sourceOptions: new SourcePluginOptions { CacheDirectory = Path.Combine(_root.FullName, "cache") },
            cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_catalog is not null) await _catalog.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
