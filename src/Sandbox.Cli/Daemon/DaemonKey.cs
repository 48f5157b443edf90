using System.Security.Cryptography;
using System.Text;
using Sandbox.Core.Configuration;
using Sandbox.Core.Harness;
using Sandbox.Core.Plugins;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// What makes a daemon serve a command exactly as this process would: the same build of the CLI, the same user, the
/// same configuration file and content, the same files in every folder plugins and templates are loaded from, and the
/// same environment (<c>${ENV}</c> in the configuration, <c>--secret</c> values, <c>DOCKER_HOST</c>, credentials'
/// locations are all read from it). Any difference is another key, so another daemon: a daemon is never told to
/// reload, and never serves a caller that would have run differently.
/// </summary>
internal static class DaemonKey
{
    /// <summary>The managed CLI's assembly, beside both builds of the CLI: its identity is the build's.</summary>
    public const string ManagedAssembly = "sandbox.dll";

    // Variables a shell changes on its own, which a run never reads; SANDBOX_DAEMON only says whether to use one.
    private static readonly HashSet<string> IgnoredVariables = new(StringComparer.Ordinal) { "_", "PWD", "OLDPWD", "SHLVL", CliDaemon.SwitchVariable };

    /// <summary>The key (16 hex digits) and the configuration file it was computed from (<c>null</c>: built-in defaults).</summary>
    /// <exception cref="Sandbox.Abstractions.SandboxConfigurationException">The configuration does not load: nothing is served.</exception>
    public static (string Key, string? ConfigPath) Compute(string? explicitConfig)
    {
        var text = new StringBuilder("sandbox-daemon/1\n");
        var build = new FileInfo(Path.Combine(AppContext.BaseDirectory, ManagedAssembly));
        text.Append("build ").Append(build.FullName).Append(' ').Append(build.Exists ? build.Length : -1).Append(' ').Append(build.Exists ? build.LastWriteTimeUtc.Ticks : 0).Append('\n');
        text.Append("user ").Append(Environment.UserName).Append('\n');

        var configPath = SandboxConfigLoader.Locate(explicitConfig) is { } located ? Path.GetFullPath(located) : null;
        var config = configPath is null ? SandboxConfig.Default : SandboxConfigLoader.LoadFile(configPath);
        text.Append("config ").Append(configPath ?? "(none)").Append(' ');
        if (configPath is not null) text.Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(configPath))));
        text.Append('\n');

        var folders = PluginFolders.Resolve(config.PluginFolders).Concat(TemplateCatalog.Folders(config.TemplateFolders).Select(Path.GetFullPath)).Distinct(StringComparer.Ordinal);
        foreach (var folder in folders) AppendFolder(text, folder);

        var environment = Environment.GetEnvironmentVariables();
        foreach (var name in environment.Keys.Cast<string>().Where(n => !IgnoredVariables.Contains(n)).Order(StringComparer.Ordinal))
            text.Append("env ").Append(name).Append('=').Append((string?)environment[name]).Append('\0');

        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16], configPath);
    }

    // Every file by path, size and time of change: a plugin dropped in, a source plugin or template edited.
    private static void AppendFolder(StringBuilder text, string folder)
    {
        text.Append("folder ").Append(folder).Append('\n');
        var directory = new DirectoryInfo(folder);
        if (!directory.Exists) return;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in directory.EnumerateFiles("*", options).OrderBy(f => f.FullName, StringComparer.Ordinal))
            text.Append(file.FullName).Append(' ').Append(file.Length).Append(' ').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
    }
}
