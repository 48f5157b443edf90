using System.Reflection;
using Sandbox.TestUtilities;

namespace Sandbox.Analyzers.Tests.EndToEnd;

/// <summary>
/// Sandbox.Abstractions packed once, from the build the tests run against, into a temporary local feed with a version
/// no other run has used, so no NuGet cache can serve a stale package. Everything lives under one temporary
/// directory that is removed afterwards.
/// </summary>
public sealed class PackedAbstractions : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(3);

    public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("sbx-e2e-");

    public string Feed => Path.Combine(Root.FullName, "feed");

    public string Version { get; } = "0.1.0-e2e" + Guid.NewGuid().ToString("N");

    public string PackagePath => Path.Combine(Feed, $"Sandbox.Abstractions.{Version}.nupkg");

    public async ValueTask InitializeAsync()
    {
        // The test project references Abstractions and the analyzers, so they are built in this configuration already.
        var configuration = typeof(PackedAbstractions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = RepositoryLayout.PathOf("src", "Sandbox.Abstractions", "Sandbox.Abstractions.csproj");
        var result = await DotNetCli.RunAsync(
            Root.FullName,
            ["pack", project, "-c", configuration, "--no-build", "-o", Feed, $"-p:PackageVersion={Version}", $"-p:NuspecOutputPath={Root.FullName}/nuspec/"],
            PackTimeout,
            TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0 && File.Exists(PackagePath), $"dotnet pack failed ({result.ExitCode}):\n{result.Output}");
    }

    public ValueTask DisposeAsync()
    {
        Root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
