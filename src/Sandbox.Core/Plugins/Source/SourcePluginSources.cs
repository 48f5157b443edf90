namespace Sandbox.Core.Plugins;

/// <summary>The inputs of one source plugin: its manifest, its <c>.cs</c> files and its declared references, read once.</summary>
internal sealed record SourcePluginSources(string Directory, PluginManifest Manifest, IReadOnlyList<SourcePluginSources.SourceFile> Files, IReadOnlyList<string> ReferencePaths)
{
    /// <summary>A source file: its path relative to the plugin folder (with <c>/</c>) and its text.</summary>
    public sealed record SourceFile(string RelativePath, string FullPath, string Text);

    /// <summary>Reads the plugin in <paramref name="directory"/>; <c>bin/</c> and <c>obj/</c> are skipped.</summary>
    /// <exception cref="PluginManifestException">The manifest is invalid or there is no source file.</exception>
    public static SourcePluginSources Read(string directory)
    {
        var manifest = PluginManifest.Read(directory);
        var files = System.IO.Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Select(full => (full, relative: Path.GetRelativePath(directory, full).Replace('\\', '/')))
            .Where(f => !f.relative.StartsWith("bin/", StringComparison.Ordinal) && !f.relative.StartsWith("obj/", StringComparison.Ordinal))
            .OrderBy(f => f.relative, StringComparer.Ordinal)
            .Select(f => new SourceFile(f.relative, f.full, File.ReadAllText(f.full)))
            .ToList();
        if (files.Count == 0) throw new PluginManifestException($"{PluginManifest.FileName}: the folder holds no .cs file to compile");
        var references = manifest.References.Select(r => Path.GetFullPath(Path.Combine(directory, r))).ToList();
        return new SourcePluginSources(directory, manifest, files, references);
    }
}
