using System.Text.Json;
using Sandbox.Core.Configuration;

namespace Sandbox.Core.Harness;

/// <summary>
/// The harness templates available, from (highest priority first) configured folders, the user's folder
/// (<c>SANDBOX_TEMPLATES</c>, else <c>~/.sandbox/templates</c>) and the templates bundled with the application.
/// A user template with the same name as a bundled one replaces it. A broken template is recorded, not fatal.
/// </summary>
public sealed class TemplateCatalog
{
    private readonly Dictionary<string, HarnessTemplate> _templates;
    private readonly Dictionary<string, TemplateException> _errors;

    private TemplateCatalog(Dictionary<string, HarnessTemplate> templates, Dictionary<string, TemplateException> errors)
    {
        _templates = templates;
        _errors = errors;
    }

    /// <summary>The templates bundled next to the application.</summary>
    public static string BundledFolder => Path.Combine(AppContext.BaseDirectory, "templates", "harness");

    /// <summary>The user's template folder.</summary>
    public static string UserFolder =>
        Environment.GetEnvironmentVariable("SANDBOX_TEMPLATES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sandbox", "templates");

    /// <summary>Loaded templates by name, in name order.</summary>
    public IReadOnlyList<HarnessTemplate> Templates => [.. _templates.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Templates that could not be loaded, by name.</summary>
    public IReadOnlyDictionary<string, TemplateException> Errors => _errors;

    /// <summary>Loads templates from <paramref name="folders"/>, highest priority first.</summary>
    public static TemplateCatalog Load(IEnumerable<string> folders, Func<string, string?>? environment = null)
    {
        var templates = new Dictionary<string, HarnessTemplate>(StringComparer.Ordinal);
        var errors = new Dictionary<string, TemplateException>(StringComparer.Ordinal);
        foreach (var directory in folders.Where(Directory.Exists).SelectMany(f => Directory.EnumerateDirectories(f).Order(StringComparer.Ordinal)))
        {
            var name = Path.GetFileName(directory);
            if (templates.ContainsKey(name) || errors.ContainsKey(name) || !File.Exists(Path.Combine(directory, "template.json"))) continue;
            try
            {
                templates[name] = Read(directory, environment ?? BuiltInEnvironment.Lookup);
            }
            catch (SandboxConfigurationException ex)
            {
                errors[name] = new TemplateException(Path.Combine(directory, "template.json"), null, null, $"{ex.Key}: {ex.Problem}", ex);
            }
        }

        return new TemplateCatalog(templates, errors);
    }

    /// <summary>The default search order for <paramref name="configured"/> folders.</summary>
    public static IReadOnlyList<string> Folders(IEnumerable<string> configured) => [.. configured, UserFolder, BundledFolder];

    /// <summary>The template named <paramref name="name"/>.</summary>
    /// <exception cref="TemplateException">It does not exist or is broken.</exception>
    public HarnessTemplate Get(string name)
    {
        if (_templates.TryGetValue(name, out var template)) return template;
        if (_errors.TryGetValue(name, out var error)) throw error;
        throw new TemplateException(name, null, null, $"no such template; available: {string.Join(", ", _templates.Keys.Order(StringComparer.Ordinal))} (see 'sandbox templates')");
    }

    private static HarnessTemplate Read(string directory, Func<string, string?> environment)
    {
        var path = Path.Combine(directory, "template.json");
        var config = SandboxConfigLoader.ParseObject(File.ReadAllText(path), path, environment);
        config.RejectUnknownKeys("$schema", "description", "language", "codeFile", "entryFile", "command", "defaultImage", "files", "produces");
        var files = config.Section("files")?.Properties().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw config.Error($"files.{p.Name}", "expected the name of a Scriban file"),
            StringComparer.Ordinal) ?? throw config.Error("files", "is required: rendered file name -> Scriban file");
        foreach (var (rendered, source) in files)
        {
            if (!File.Exists(Path.Combine(directory, source))) throw config.Error($"files.{rendered}", $"'{source}' does not exist in {directory}");
        }

        var command = config.Strings("command");
        return new HarnessTemplate
        {
            Name = Path.GetFileName(directory),
            Description = config.String("description") ?? "",
            Language = config.String("language") ?? throw config.Error("language", "is required (python, javascript, bash, ...)"),
            CodeFile = SafeName(config, "codeFile"),
            EntryFile = SafeName(config, "entryFile"),
            Command = command.Count > 0 ? command : throw config.Error("command", "is required: the argv that runs the harness"),
            DefaultImage = config.String("defaultImage"),
            Files = files,
            Produces = config.Has("produces") ? config.Strings("produces") : [HarnessProtocol.OutputFile],
            Directory = directory,
        };
    }

    private static string SafeName(ConfigSection config, string key)
    {
        var value = config.String(key) ?? throw config.Error(key, "is required");
        return value.Contains('/') || value.Contains('\\') || value is "." or ".." ? throw config.Error(key, $"'{value}' must be a plain file name") : value;
    }
}
