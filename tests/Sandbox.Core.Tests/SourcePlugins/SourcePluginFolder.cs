using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Core.Plugins;

namespace Sandbox.Core.Tests.SourcePlugins;

/// <summary>A source plugin written to a temporary folder, with its own compilation cache; both are removed afterwards.</summary>
internal sealed class SourcePluginFolder : IAsyncDisposable
{
    public const string Manifest = """{ "name": "Acme.Executors.Echo", "kind": "executor" }""";

    /// <summary>A minimal executor that echoes its command after a greeting, so tests can see which build runs.</summary>
    public static string EchoExecutor(string greeting = "hello", string extraMember = "") => $$"""
        using Sandbox.Abstractions;

        namespace Acme.Executors.Echo;

        public sealed class EchoExecutor : IExecutor
        {
            public string Name => "echo-source";
            public IsolationLevel IsolationLevel => IsolationLevel.None;
            public ExecutorCapabilities Capabilities { get; } = new() { IsolationLevel = IsolationLevel.None, Features = SandboxFeatures.None };

            public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) =>
                Task.FromResult(new ExecutionResult { ExitCode = 0, Stdout = "{{greeting}} " + string.Join(" ", request.Command), Executor = Name });

            public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => Task.FromResult(HealthReport.Ok("compiled from source"));
            public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(CleanupReport.Empty);
        {{extraMember}}
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sandbox-source-plugin-");

    public SourcePluginFolder(string manifest = Manifest, params (string Path, string Text)[] files)
    {
        Directory.CreateDirectory(PluginDirectory);
        Write("plugin.json", manifest);
        foreach (var (path, text) in files.Length == 0 ? [("EchoExecutor.cs", EchoExecutor())] : files) Write(path, text);
    }

    /// <summary>The folder searched for plugins (it holds the one plugin directory).</summary>
    public string PluginsFolder => Path.Combine(_root.FullName, "plugins");

    public string PluginDirectory => Path.Combine(PluginsFolder, "Acme.Executors.Echo");

    public string CacheDirectory => Path.Combine(_root.FullName, "cache");

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(PluginDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public SourcePluginOptions Options(params DiagnosticAnalyzer[] analyzers) => new() { CacheDirectory = CacheDirectory, Analyzers = analyzers };

    public Task<PluginCatalog> LoadAsync(params DiagnosticAnalyzer[] analyzers) =>
        PluginCatalog.LoadAsync([PluginsFolder], sourceOptions: Options(analyzers), cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
