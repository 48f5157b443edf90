using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sandbox.Core.Plugins;

/// <summary>
/// Compiled source plugins, cached by a hash of everything that determines the output: the sources, the manifest, the
/// declared references, the compiler, the contract, the analyzers and the severity options. Each entry is a folder
/// <c>&lt;hash&gt;/</c> with <c>&lt;Name&gt;.dll</c>, its pdb and the diagnostics of the compilation (replayed on a hit).
/// </summary>
internal sealed class CompiledPluginCache(string root)
{
    // Bump when the layout of an entry or the compilation settings change.
    private const string FormatVersion = "1";

    // Without a cache folder: one only this process uses, removed when it exits.
    private static readonly Lazy<string> ProcessRoot = new(CreateProcessRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// <c>plugins</c> in <see cref="Toolkit.SandboxCache.Folder"/>; without one (no home directory), a temporary folder
    /// of this process's own (mode 0700), removed when it exits. Code is loaded from here, so the fallback is never a
    /// folder that others may write, nor the working directory (often not writable by a service).
    /// </summary>
    public static string DefaultRoot => RootIn(Toolkit.SandboxCache.Folder);

    internal static string RootIn(string? cacheFolder) => cacheFolder is null ? ProcessRoot.Value : Path.Combine(cacheFolder, "plugins");

    public string Root { get; } = Path.GetFullPath(root);

    public static string Hash(SourcePluginSources sources, SourcePluginOptions options, IReadOnlyList<DiagnosticAnalyzer> analyzers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        Add(FormatVersion);
        Add(SourcePluginCompiler.CompilerVersion);
        foreach (var contract in SourcePluginCompiler.ContractAssemblies) Add(ModuleVersion(contract));
        foreach (var analyzer in analyzers.Select(a => a.GetType()).Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
            Add($"{analyzer.FullName}@{analyzer.Assembly.ManifestModule.ModuleVersionId}");
        foreach (var (id, severity) in options.DiagnosticOptions.OrderBy(o => o.Key, StringComparer.OrdinalIgnoreCase)) Add($"{id}={severity}");
        Add(options.WarningsAsErrors.ToString());
        Add(File.ReadAllText(Path.Combine(sources.Directory, PluginManifest.FileName)));
        Add(sources.Manifest.Name);
        foreach (var file in sources.Files)
        {
            Add(file.RelativePath);
            Add(file.Text);
        }

        foreach (var reference in sources.ReferencePaths) Add(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(reference))));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The cached assembly of <paramref name="hash"/>, when there is one.</summary>
    public CachedPlugin? TryGet(string hash, string name)
    {
        var directory = Path.Combine(Root, hash);
        var assembly = Path.Combine(directory, name + ".dll");
        var diagnostics = Path.Combine(directory, "diagnostics.json");
        if (!File.Exists(assembly) || !File.Exists(diagnostics)) return null;
        try
        {
            return new CachedPlugin(assembly, JsonSerializer.Deserialize<List<PluginDiagnostic>>(File.ReadAllText(diagnostics)) ?? []);
        }
        catch (JsonException)
        {
            // A damaged entry is dropped so that the recompiled one can take its place.
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }

            return null;
        }
    }

    /// <summary>Stores a successful compilation; returns the cached assembly's path.</summary>
    public string Store(string hash, string name, SourceCompilation compilation)
    {
        // Written beside the entry, then moved into place: a concurrent reader sees a whole entry or none.
        var directory = Path.Combine(Root, hash);
        var staging = Path.Combine(Root, $".{hash}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        File.WriteAllBytes(Path.Combine(staging, name + ".dll"), compilation.Assembly!);
        File.WriteAllBytes(Path.Combine(staging, name + ".pdb"), compilation.Pdb!);
        File.WriteAllText(Path.Combine(staging, "diagnostics.json"), JsonSerializer.Serialize(compilation.Diagnostics));
        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            // Another process stored the same entry first; its content is identical.
            Directory.Delete(staging, recursive: true);
        }

        return Path.Combine(directory, name + ".dll");
    }

    private static string CreateProcessRoot()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-plugins-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exiting either way: a folder left behind holds only compiled plugins, readable by this user alone.
            }
        };
        return root;
    }

    private static string ModuleVersion(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid).ToString();
    }
}

/// <summary>A cache hit: the assembly and the diagnostics its compilation reported.</summary>
internal sealed record CachedPlugin(string AssemblyPath, IReadOnlyList<PluginDiagnostic> Diagnostics);
