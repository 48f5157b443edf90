using System.Reflection;
using Sandbox.TestUtilities;

namespace Sandbox.Templates.Tests;

/// <summary>
/// The template package, Sandbox.Abstractions and Sandbox.Testing packed once into a temporary feed with a version no
/// other run used (so no NuGet cache serves a stale package), the templates installed into a hive of their own, and a
/// NuGet configuration that keeps restored packages inside this run's folder (the machine's package cache is only a
/// read-only fallback). Everything lives under one temporary folder, removed afterwards.
/// </summary>
public sealed class PackedTemplates : IAsyncLifetime
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(6);

    public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("sandbox-templates-");

    public string Feed => Path.Combine(Root.FullName, "feed");

    public string Hive => Path.Combine(Root.FullName, "hive");

    public string Work => Path.Combine(Root.FullName, "work");

    /// <summary>The user plugin folder the generated projects install into ($SANDBOX_PLUGINS).</summary>
    public string Plugins => Path.Combine(Root.FullName, "plugins");

    public string Version { get; } = "0.1.0-tpl" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Temporary files of the commands, including the generated executor's run directories.</summary>
    public string Temp => Path.Combine(Root.FullName, "tmp");

    /// <summary>The environment of every command: an isolated CLI home, the plugin folder and the temporary folder.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOTNET_CLI_HOME"] = Path.Combine(Root.FullName, "home"),
        ["SANDBOX_PLUGINS"] = Plugins,
        ["TMPDIR"] = Temp,
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    public Task<DotNetResult> DotNetAsync(string directory, bool msbuild, params string[] arguments) =>
        DotNetCli.RunAsync(directory, arguments, CommandTimeout, Environment, msbuild, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Temp);
        var userPackages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // Above the generated projects: their own NuGet.config adds the sources, this one keeps the packages here.
        File.WriteAllText(Path.Combine(Work, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Root.FullName}/packages" /></config>
              <fallbackPackageFolders><clear /><add key="machine" value="{userPackages}" /></fallbackPackageFolders>
            </configuration>
            """);

        var configuration = typeof(PackedTemplates).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = RepositoryLayout.PathOf("templates", "dotnet-new", "Sandbox.Templates.csproj");
        var restore = await DotNetAsync(Root.FullName, msbuild: true, "restore", project);
        Assert.True(restore.ExitCode == 0, $"dotnet restore failed:\n{restore.Output}");
        var pack = await DotNetAsync(Root.FullName, msbuild: true, "pack", project, "-c", configuration, "--no-build", "--no-restore", "-o", Feed, $"-p:PackageVersion={Version}");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.Output}");

        var install = await DotNetAsync(Root.FullName, msbuild: false, "new", "install", Path.Combine(Feed, $"Sandbox.Templates.{Version}.nupkg"), "--debug:custom-hive", Hive);
        Assert.True(install.ExitCode == 0, $"dotnet new install failed:\n{install.Output}");
    }

    public ValueTask DisposeAsync()
    {
        Root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
