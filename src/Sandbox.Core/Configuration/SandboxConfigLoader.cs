using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Core.Configuration;

/// <summary>
/// Loads <c>sandbox.json</c>: comments and trailing commas allowed, <c>${ENV}</c> substituted, every key checked.
/// Errors are <see cref="SandboxConfigurationException"/>s naming the file, the key and the problem.
/// </summary>
public static class SandboxConfigLoader
{
    /// <summary>The file name looked for in the current directory when none is given.</summary>
    public const string DefaultFileName = "sandbox.json";

    private static readonly string[] TopLevelKeys =
    [
        "$schema", "defaultExecutor", "fallbackToHost", "validation", "pluginFolders", "templateFolders", "defaults",
        "executors", "validators", "pool", "concurrency", "server",
    ];

    /// <summary>Loads <paramref name="path"/>.</summary>
    public static SandboxConfig LoadFile(string path, Func<string, string?>? environment = null)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new SandboxConfigurationException(fullPath, "(file)", "the configuration file does not exist");
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (IOException ex)
        {
            throw new SandboxConfigurationException(fullPath, "(file)", $"cannot be read: {ex.Message}", ex);
        }

        return Parse(text, fullPath, environment);
    }

    /// <summary>Parses configuration text; <paramref name="sourcePath"/> names it in errors and anchors relative paths.</summary>
    public static SandboxConfig Parse(string json, string sourcePath, Func<string, string?>? environment = null)
    {
        var section = ParseObject(json, sourcePath, environment);
        section.RejectUnknownKeys(TopLevelKeys);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? Directory.GetCurrentDirectory();

        var validation = section.Section("validation");
        validation?.RejectUnknownKeys("enabled");
        return new SandboxConfig
        {
            SourcePath = sourcePath,
            DefaultExecutor = NonEmpty(section, "defaultExecutor") ?? SandboxConfig.BuiltInDefaultExecutor,
            FallbackToHost = section.Bool("fallbackToHost") ?? false,
            ValidationEnabled = validation?.Bool("enabled") ?? true,
            PluginFolders = [.. section.Strings("pluginFolders").Select(p => Path.GetFullPath(p, baseDirectory))],
            TemplateFolders = [.. section.Strings("templateFolders").Select(p => Path.GetFullPath(p, baseDirectory))],
            Defaults = DefaultsReader.Read(section.Section("defaults"), baseDirectory),
            Executors = ReadPluginSections(section.Section("executors")).ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase),
            Validators = ReadPluginSections(section.Section("validators")).ToDictionary(
                p => p.Name,
                p => new ValidatorConfig(new ConfigSection(p.Value, sourcePath, $"validators.{p.Name}").Bool("enabled") ?? true, WithoutKey(p.Value, "enabled")),
                StringComparer.OrdinalIgnoreCase),
            Pool = PoolConfigReader.ReadPool(section.Section("pool")),
            Concurrency = PoolConfigReader.ReadConcurrency(section.Section("concurrency")),
            Server = ServerConfigReader.Read(section.Section("server")),
        };
    }

    /// <summary>Parses a JSON object (comments and trailing commas allowed) with <c>${ENV}</c> substituted, for reading with key-naming errors.</summary>
    internal static ConfigSection ParseObject(string json, string sourcePath, Func<string, string?>? environment = null)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new SandboxConfigurationException(sourcePath, $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}", $"not valid JSON: {ex.Message}", ex);
        }

        root = EnvironmentSubstitution.Apply(root, sourcePath, environment ?? BuiltInEnvironment.Lookup);
        return new ConfigSection(root, sourcePath, "");
    }

    /// <summary>
    /// Finds the configuration to use: an explicit path, else <c>SANDBOX_CONFIG</c>, else <c>sandbox.json</c> in the
    /// current directory; built-in defaults when there is none.
    /// </summary>
    public static SandboxConfig LoadOrDefault(string? explicitPath) =>
        Locate(explicitPath) is { } path ? LoadFile(path) : SandboxConfig.Default;

    /// <summary>
    /// The file <see cref="LoadOrDefault"/> loads: <paramref name="explicitPath"/>, else <c>SANDBOX_CONFIG</c>, else
    /// <c>sandbox.json</c> in the current directory if there is one; <c>null</c> for the built-in defaults.
    /// </summary>
    public static string? Locate(string? explicitPath)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable("SANDBOX_CONFIG");
        if (!string.IsNullOrEmpty(path)) return path;
        var local = Path.Combine(Directory.GetCurrentDirectory(), DefaultFileName);
        return File.Exists(local) ? local : null;
    }

    private static IEnumerable<(string Name, JsonElement Value)> ReadPluginSections(ConfigSection? section)
    {
        if (section is null) yield break;
        foreach (var (name, value) in section.Properties())
        {
            if (value.ValueKind != JsonValueKind.Object) throw section.Error(name, "expected an object with the plugin's settings");
            yield return (name, value);
        }
    }

    // "enabled" belongs to the runtime, not to the plugin, whose settings binder refuses unknown keys.
    private static JsonElement WithoutKey(JsonElement section, string key)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in section.EnumerateObject().Where(p => p.Name != key)) property.WriteTo(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static string? NonEmpty(ConfigSection section, string key)
    {
        var value = section.String(key);
        return value is null || value.Trim().Length > 0 ? value : throw section.Error(key, "must not be empty");
    }
}
