namespace Sandbox.Core.Plugins;

/// <summary>
/// Where plugins are looked for, in priority order: folders from configuration, the user's folder
/// (<c>SANDBOX_PLUGINS</c>, else <c>~/.sandbox/plugins</c>), then the plugins bundled next to the application.
/// A component found earlier shadows one with the same name found later, so users can replace a bundled plugin.
/// </summary>
public static class PluginFolders
{
    /// <summary>The folder of plugins shipped with the application.</summary>
    public static string Bundled => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>The user's plugin folder.</summary>
    public static string User =>
        Environment.GetEnvironmentVariable("SANDBOX_PLUGINS") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sandbox", "plugins");

    /// <summary>The folders to search, highest priority first, without duplicates.</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> configured, bool includeUser = true, bool includeBundled = true)
    {
        IEnumerable<string> all = configured;
        if (includeUser) all = all.Append(User);
        if (includeBundled) all = all.Append(Bundled);
        return [.. all.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The plugin directories inside <paramref name="folder"/>: the folder itself when it holds a plugin
    /// (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>, or a source plugin's <c>plugin.json</c>), else each subfolder.
    /// </summary>
    public static IEnumerable<string> PluginDirectories(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        if (MainAssembly(folder) is not null || File.Exists(Path.Combine(folder, PluginManifest.FileName))) return [folder];
        return Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal);
    }

    /// <summary>The plugin's main assembly: <c>&lt;dir&gt;/&lt;dirname&gt;.dll</c>, or the only assembly with a deps.json.</summary>
    public static string? MainAssembly(string pluginDirectory)
    {
        var conventional = Path.Combine(pluginDirectory, Path.GetFileName(pluginDirectory) + ".dll");
        if (File.Exists(conventional)) return conventional;
        var withDeps = Directory.EnumerateFiles(pluginDirectory, "*.deps.json")
            .Select(deps => Path.Combine(pluginDirectory, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists)
            .ToArray();
        return withDeps.Length == 1 ? withDeps[0] : null;
    }
}
