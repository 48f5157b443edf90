using System.Reflection;

namespace Sandbox.TestUtilities;

/// <summary>
/// A project of this repository packed into a temporary local feed with a version no other run has used, plus the
/// NuGet.config a fresh consumer project needs to restore it — so no NuGet cache can serve a stale package. The
/// consumer's packages land in a folder of this feed; the user's global packages folder is a read-only fallback, so
/// nothing is downloaded twice. Everything lives under <see cref="Root"/>, removed by <see cref="Dispose"/>.
/// </summary>
public sealed class LocalPackageFeed : IDisposable
{
    private LocalPackageFeed(string packageId)
    {
        PackageId = packageId;
    }

    /// <summary>The temporary folder holding the feed, the packages folder and any consumer projects.</summary>
    public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("sbx-e2e-");

    /// <summary>The package's id.</summary>
    public string PackageId { get; }

    /// <summary>The unique version it was packed with.</summary>
    public string Version { get; } = "0.1.0-e2e" + Guid.NewGuid().ToString("N");

    /// <summary>The feed folder.</summary>
    public string Feed => System.IO.Path.Combine(Root.FullName, "feed");

    /// <summary>The packed .nupkg.</summary>
    public string PackagePath => System.IO.Path.Combine(Feed, $"{PackageId}.{Version}.nupkg");

    /// <summary>
    /// Packs <paramref name="project"/> (a path under the repository root) without building it: the test project
    /// references it, so it is built in the tests' configuration already.
    /// </summary>
    public static async Task<LocalPackageFeed> PackAsync(string packageId, string project, Assembly testAssembly, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var feed = new LocalPackageFeed(packageId);
        var configuration = testAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var result = await DotNetCli.RunAsync(
            feed.Root.FullName,
            ["pack", RepositoryLayout.PathOf(project), "-c", configuration, "--no-build", "-o", feed.Feed, $"-p:PackageVersion={feed.Version}", $"-p:NuspecOutputPath={feed.Root.FullName}/nuspec/"],
            timeout,
            cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(feed.PackagePath))
        {
            feed.Dispose();
            throw new InvalidOperationException($"dotnet pack {project} failed ({result.ExitCode}):\n{result.Output}");
        }

        return feed;
    }

    /// <summary>
    /// Packs every package the framework ships (build/packages.proj) into one feed in one MSBuild run, without building:
    /// the test project references every packed project, so they are built in the tests' configuration already.
    /// </summary>
    public static async Task<LocalPackageFeed> PackAllAsync(Assembly testAssembly, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var feed = new LocalPackageFeed("Sandbox.Core");
        var configuration = testAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var result = await DotNetCli.RunAsync(
            feed.Root.FullName,
            ["msbuild", RepositoryLayout.PathOf("build", "packages.proj"), "-t:Pack", $"-p:Configuration={configuration}", "-p:NoBuild=true",
             $"-p:PackageOutputPath={feed.Feed}/", $"-p:PackageVersion={feed.Version}", $"-p:NuspecOutputPath={feed.Root.FullName}/nuspec/"],
            timeout,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            feed.Dispose();
            throw new InvalidOperationException($"dotnet msbuild build/packages.proj -t:Pack failed ({result.ExitCode}):\n{result.Output}");
        }

        return feed;
    }

    /// <summary>The packed .nupkg of <paramref name="packageId"/> in this feed.</summary>
    public string PackagePathOf(string packageId) => System.IO.Path.Combine(Feed, $"{packageId}.{Version}.nupkg");

    /// <summary>A new empty folder for a consumer project, with a NuGet.config that restores from this feed and nuget.org.</summary>
    public string CreateConsumerDirectory(string name)
    {
        var directory = System.IO.Path.Combine(Root.FullName, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(directory);
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(System.IO.Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Root.FullName}/packages" /></config>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders><clear /><add key="user" value="{userPackages}" /></fallbackPackageFolders>
            </configuration>
            """);
        return directory;
    }

    /// <summary>
    /// Installs the .NET tool <paramref name="packageId"/> from this feed into a new tool path under <see cref="Root"/>,
    /// as `dotnet tool install --tool-path` does for a user, and returns the tool path.
    /// </summary>
    public async Task<string> InstallToolAsync(string packageId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var folder = CreateConsumerDirectory("tool");
        var toolPath = System.IO.Path.Combine(folder, ".tools");
        var result = await DotNetCli.RunAsync(folder, ["tool", "install", packageId, "--tool-path", toolPath, "--version", Version], timeout,
            environment: null, msbuild: false, cancellationToken);
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet tool install {packageId} failed ({result.ExitCode}):\n{result.Output}");
        return toolPath;
    }

    /// <inheritdoc />
    public void Dispose() => Root.Delete(recursive: true);
}
