using Sandbox.TestUtilities;

namespace Sandbox.Packaging.Tests;

/// <summary>The package tests share one feed with every package (packing takes a while) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFrameworkCollection : ICollectionFixture<PackedFramework>
{
    public const string Name = "Packed framework";
}

/// <summary>Every package of build/packages.proj, packed once from the build the tests run against, with a unique version.</summary>
public sealed class PackedFramework : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    private LocalPackageFeed? _feed;

    /// <summary>The packages shipped: the libraries, the server and MCP hosts, the plugins, the MSBuild task and the CLI tool.</summary>
    public static readonly string[] PackageIds =
    [
        "Sandbox.Abstractions", "Sandbox.Toolkit", "Sandbox.Egress", "Sandbox.Core", "Sandbox.Engines.DockerApi", "Sandbox.Testing",
        "Sandbox.Telemetry", "Sandbox.Telemetry.AspNetCore", "Sandbox.Mcp", "Sandbox.Mcp.AspNetCore", "Sandbox.Server",
        "Sandbox.Build", "Sandbox.Cli",
        "Sandbox.Executors.Docker", "Sandbox.Executors.Podman", "Sandbox.Executors.Host", "Sandbox.Validators.Python", "Sandbox.Validators.Policy",
    ];

    public LocalPackageFeed Feed => _feed ?? throw new InvalidOperationException("The packages have not been packed yet.");

    public async ValueTask InitializeAsync()
    {
        _feed = await LocalPackageFeed.PackAllAsync(typeof(PackedFramework).Assembly, PackTimeout, TestContext.Current.CancellationToken);
        // The host executor's sandbox user (nobody) must reach run directories created below it; temp folders are 0700.
        if (!OperatingSystem.IsWindows()) _feed.Root.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    }

    public ValueTask DisposeAsync()
    {
        _feed?.Dispose();
        return ValueTask.CompletedTask;
    }
}
