using System.Reflection;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Core.Plugins;

/// <summary>A compiled and loaded source plugin.</summary>
internal sealed record LoadedSourcePlugin(Assembly Assembly, SourcePluginLoadContext Context, string AssemblyPath, IReadOnlyList<PluginDiagnostic> Diagnostics, bool FromCache);

/// <summary>A source plugin that could not be compiled or loaded, with its diagnostics.</summary>
internal sealed class SourcePluginException(string message, IReadOnlyList<PluginDiagnostic> diagnostics, PluginKind? kind = null) : Exception(message)
{
    public IReadOnlyList<PluginDiagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>The kind its manifest declares, when the manifest could be read.</summary>
    public PluginKind? Kind { get; } = kind;
}

/// <summary>
/// Turns a source plugin folder into a loaded assembly: reads it, looks the content hash up in the cache, compiles on a
/// miss (an error diagnostic stops the load), and loads the result into a fresh collectible context.
/// </summary>
internal static class SourcePluginLoader
{
    public static async Task<LoadedSourcePlugin> LoadAsync(string directory, SourcePluginOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        SourcePluginSources sources;
        try
        {
            sources = SourcePluginSources.Read(directory);
        }
        catch (Exception ex) when (ex is PluginManifestException or IOException or UnauthorizedAccessException)
        {
            throw new SourcePluginException(ex.Message, []);
        }

        var analyzers = options.Analyzers ?? AnalyzerAssemblies.Default;
        var cache = new CompiledPluginCache(options.CacheDirectory ?? CompiledPluginCache.DefaultRoot);
        var hash = CompiledPluginCache.Hash(sources, options, analyzers);
        var name = sources.Manifest.Name;
        var cached = cache.TryGet(hash, name);
        var fromCache = cached is not null;
        if (cached is null)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var compilation = await SourcePluginCompiler.CompileAsync(sources, options, analyzers, cancellationToken).ConfigureAwait(false);
            if (!compilation.Succeeded)
            {
                var errors = compilation.Diagnostics.Where(d => d.Severity == FindingSeverity.Error).ToList();
                throw new SourcePluginException($"compilation failed: {errors[0]}" + (errors.Count > 1 ? $" (and {errors.Count - 1} more errors)" : ""), compilation.Diagnostics, sources.Manifest.Kind);
            }

            cached = new CachedPlugin(cache.Store(hash, name, compilation), compilation.Diagnostics);
            logger.LogDebug("Compiled source plugin {Plugin} in {Elapsed} ms with Roslyn {Version} into {Path}",
                name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, SourcePluginCompiler.CompilerVersion, cached.AssemblyPath);
        }

        foreach (var warning in cached.Diagnostics.Where(d => d.Severity == FindingSeverity.Warning))
            logger.LogWarning("Source plugin {Plugin}: {Diagnostic}", name, warning);
        var context = new SourcePluginLoadContext(name, sources.ReferencePaths);
        try
        {
            return new LoadedSourcePlugin(context.LoadPlugin(cached.AssemblyPath), context, cached.AssemblyPath, cached.Diagnostics, fromCache);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException)
        {
            context.Unload();
            throw new SourcePluginException($"cannot load the compiled assembly {cached.AssemblyPath}: {ex.Message}", cached.Diagnostics, sources.Manifest.Kind);
        }
    }
}
