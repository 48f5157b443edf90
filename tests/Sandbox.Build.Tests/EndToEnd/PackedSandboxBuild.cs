using Sandbox.TestUtilities;

namespace Sandbox.Build.Tests.EndToEnd;

/// <summary>The end-to-end tests share one packed Sandbox.Build (packing takes a while) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedSandboxBuildCollection : ICollectionFixture<PackedSandboxBuild>
{
    public const string Name = "Packed Sandbox.Build";
}

/// <summary>
/// Sandbox.Build packed once from the build the tests run against into a local feed with a unique version, and
/// fresh consumer projects that reference it.
/// </summary>
public sealed class PackedSandboxBuild : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private LocalPackageFeed? _feed;

    public LocalPackageFeed Feed => _feed ?? throw new InvalidOperationException("The package has not been packed yet.");

    public async ValueTask InitializeAsync()
    {
        _feed = await LocalPackageFeed.PackAsync("Sandbox.Build", "src/Sandbox.Build/Sandbox.Build.csproj", typeof(PackedSandboxBuild).Assembly, PackTimeout, TestContext.Current.CancellationToken);
        // The host executor's sandbox user (nobody) must reach run directories created below it; temp folders are 0700.
        if (!OperatingSystem.IsWindows()) _feed.Root.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    }

    public ValueTask DisposeAsync()
    {
        _feed?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A consumer project (an executable referencing the package) with <paramref name="body"/> inside its
    /// <c>&lt;Project&gt;</c> and the given files next to it.
    /// </summary>
    public string CreateConsumer(string body, IReadOnlyDictionary<string, string> files)
    {
        var directory = Feed.CreateConsumerDirectory("consumer");
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sandbox.Build" Version="{Feed.Version}" />
              </ItemGroup>
            {body}
            </Project>
            """);
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(directory, name), content);
        return directory;
    }

    /// <summary>Runs <c>dotnet build</c> (plus <paramref name="arguments"/>) in <paramref name="directory"/>.</summary>
    public static Task<DotNetResult> BuildAsync(string directory, params string[] arguments) =>
        DotNetCli.RunAsync(directory, ["build", "-tl:off", .. arguments], BuildTimeout, TestContext.Current.CancellationToken);
}
