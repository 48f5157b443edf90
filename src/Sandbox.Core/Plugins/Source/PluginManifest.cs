using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions.Json;

namespace Sandbox.Core.Plugins;

/// <summary>
/// <c>plugin.json</c>: what makes a folder of <c>.cs</c> files a source plugin, compiled by the runtime.
/// </summary>
/// <example>
/// <code>
/// {
///   "name": "Acme.Executors.Echo",                  // assembly name; default: the folder's name
///   "kind": "executor",                             // executor | validator
///   "entryType": "Acme.Executors.Echo.EchoExecutor", // the type to construct; default: every discoverable type
///   "references": ["lib/Acme.Shell.dll"],           // extra assemblies (inside the plugin folder) it may use
///   "diagnostics": { "SBX0102": "error", "CS0618": "none" },   // severity overrides: error|warning|info|hidden|none
///   "warningsAsErrors": false,
///   "allowUnsafeCode": false
/// }
/// </code>
/// </example>
public sealed record PluginManifest
{
    /// <summary>The file name that marks a source plugin folder.</summary>
    public const string FileName = "plugin.json";

    /// <summary>The assembly name the sources compile to (its last segment, lower-cased, keys the plugin's settings).</summary>
    public string Name { get; init; } = "";

    /// <summary>What the plugin provides.</summary>
    public required PluginKind Kind { get; init; }

    /// <summary>The full name of the type to construct; <c>null</c> constructs every discoverable component.</summary>
    public string? EntryType { get; init; }

    /// <summary>
    /// Assemblies beyond the framework and the contract that the plugin may compile against, as paths relative to the
    /// plugin folder. They are loaded into the plugin's own load context.
    /// </summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Severity overrides by diagnostic id (<c>error</c>, <c>warning</c>, <c>info</c>, <c>hidden</c>, <c>none</c>).</summary>
    public IReadOnlyDictionary<string, string> Diagnostics { get; init; } = new Dictionary<string, string>();

    /// <summary>Turn every warning into an error (which stops the load).</summary>
    public bool WarningsAsErrors { get; init; }

    /// <summary>Allow <c>unsafe</c> code.</summary>
    public bool AllowUnsafeCode { get; init; }

    /// <summary>Reads and checks the manifest in <paramref name="pluginDirectory"/>.</summary>
    /// <exception cref="PluginManifestException">It is not valid JSON or breaks a rule; the message gives line and column.</exception>
    public static PluginManifest Read(string pluginDirectory)
    {
        var path = Path.Combine(pluginDirectory, FileName);
        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"({line + 1},{(ex.BytePositionInLine ?? 0) + 1})" : "";
            throw new PluginManifestException($"{FileName}{where}: {JsonErrorText.Describe(ex, Json.GetTypeInfo(typeof(PluginManifest)))}");
        }

        if (manifest is null) throw new PluginManifestException($"{FileName}: the file is empty or null");
        if (manifest.Name.Length == 0) manifest = manifest with { Name = Path.GetFileName(Path.GetFullPath(pluginDirectory)) };
        foreach (var (id, severity) in manifest.Diagnostics)
        {
            if (!Severities.Contains(severity))
                throw new PluginManifestException($"{FileName}: diagnostics.{id}: {JsonKindWords.NotOneOf(severity, Severities)}");
        }

        foreach (var reference in manifest.References)
        {
            var full = Path.GetFullPath(Path.Combine(pluginDirectory, reference));
            if (!full.StartsWith(Path.GetFullPath(pluginDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new PluginManifestException($"{FileName}: references: '{reference}' is outside the plugin folder; copy the assembly into it");
            if (!File.Exists(full)) throw new PluginManifestException($"{FileName}: references: '{reference}' does not exist");
        }

        return manifest;
    }

    private static readonly string[] Severities = ["error", "warning", "info", "hidden", "none"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}

/// <summary>A <c>plugin.json</c> that cannot be used.</summary>
public sealed class PluginManifestException(string message) : Exception(message);
