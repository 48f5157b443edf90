using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Sandbox.TestUtilities;

namespace Sandbox.Packaging.Tests;

/// <summary>
/// The CLI's tool packages (.NET 10 RID-specific tools): `Sandbox.Cli` only points at `Sandbox.Cli.linux-x64`
/// (ReadyToRun) and `Sandbox.Cli.any` (IL), and `dotnet tool install` on linux-x64 gets the precompiled one, plugins included.
/// </summary>
[Collection(PackedFrameworkCollection.Name)]
public sealed class ToolPackageTests(PackedFramework packed)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static readonly string[] BundledPlugins = ["Sandbox.Executors.Docker", "Sandbox.Executors.Podman", "Sandbox.Executors.Host", "Sandbox.Validators.Python", "Sandbox.Validators.Policy"];

    [Fact]
    public void The_tool_package_points_at_a_linux_x64_package_and_a_portable_one()
    {
        using var nupkg = ZipFile.OpenRead(packed.Feed.PackagePathOf("Sandbox.Cli"));
        using var stream = nupkg.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open();
        var packages = XDocument.Load(stream).Descendants("RuntimeIdentifierPackage")
            .Select(p => $"{(string?)p.Attribute("RuntimeIdentifier")}={(string?)p.Attribute("Id")}");

        Assert.Equal(["linux-x64=Sandbox.Cli.linux-x64", "any=Sandbox.Cli.any"], packages);
        Assert.Equal("DotnetTool", (string?)Nuspec(nupkg, "Sandbox.Cli").Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name"));
        Assert.DoesNotContain(nupkg.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("linux-x64", true)]
    [InlineData("any", false)]
    public void Each_RID_package_holds_the_CLI_and_every_bundled_plugin_precompiled_only_for_its_platform(string rid, bool readyToRun)
    {
        var root = $"tools/net10.0/{rid}/";
        using var nupkg = ZipFile.OpenRead(Path.Combine(packed.Feed.Feed, $"Sandbox.Cli.{rid}.{packed.Feed.Version}.nupkg"));
        var files = nupkg.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains($"{root}DotnetToolSettings.xml", files);
        Assert.Contains($"{root}analyzers/Sandbox.Analyzers.dll", files);
        Assert.Contains($"{root}Sandbox.Core.dll", files);
        Assert.Contains($"{root}plugins/Sandbox.Executors.Docker/Docker.DotNet.dll", files);
        foreach (var template in (string[])["python-handler", "python-script", "node-handler", "bash-script"])
            Assert.Contains($"{root}templates/harness/{template}/template.json", files);
        Assert.DoesNotContain(files, f => !f.StartsWith(root, StringComparison.Ordinal) && !f.StartsWith("_rels/", StringComparison.Ordinal)
            && !f.StartsWith("package/", StringComparison.Ordinal) && f is not ("[Content_Types].xml" or "README.md") && f != $"Sandbox.Cli.{rid}.nuspec");
        Assert.Equal("DotnetToolRidPackage", (string?)Nuspec(nupkg, $"Sandbox.Cli.{rid}").Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name"));
        foreach (var plugin in BundledPlugins)
        {
            Assert.Contains($"{root}plugins/{plugin}/{plugin}.dll", files);
            Assert.DoesNotContain($"{root}plugins/{plugin}/Sandbox.Abstractions.dll", files);
        }

        Assert.Equal(readyToRun, IsReadyToRun(nupkg.GetEntry($"{root}sandbox.dll")!));
        Assert.Equal(readyToRun, IsReadyToRun(nupkg.GetEntry($"{root}Sandbox.Core.dll")!));
    }

    [Fact]
    public async Task Installing_the_tool_on_linux_x64_gets_the_ReadyToRun_package_which_prints_its_version_and_runs_a_command()
    {
        Assert.SkipUnless(RuntimeInformation.RuntimeIdentifier == "linux-x64", "The precompiled package is for linux-x64 only.");
        var tools = await packed.Feed.InstallToolAsync("Sandbox.Cli", Timeout, TestContext.Current.CancellationToken);
        var store = Path.Combine(tools, ".store", "sandbox.cli", packed.Feed.Version);

        Assert.True(Directory.Exists(Path.Combine(store, "sandbox.cli.linux-x64")), $"not the linux-x64 package: {string.Join(", ", Directory.GetDirectories(store))}");
        var version = await Bash.RunAsync("sandbox --version", tools, Environment(tools), Timeout);
        Assert.True(version.ExitCode == 0, version.Stderr);
        Assert.StartsWith("0.1.0", version.Stdout.Trim(), StringComparison.Ordinal);

        // A real run through a bundled plugin (the host executor needs no engine), from outside the checkout.
        var run = await Bash.RunAsync("sandbox run --executor host -- /bin/sh -c 'echo from-the-installed-tool'", tools, Environment(tools), Timeout);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Equal("from-the-installed-tool", run.Stdout.Trim());
    }

    private static XElement Nuspec(ZipArchive nupkg, string packageId)
    {
        using var stream = nupkg.GetEntry($"{packageId}.nuspec")!.Open();
        return XDocument.Load(stream).Root!;
    }

    // A ReadyToRun image carries a managed native header next to its IL.
    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open()) source.CopyTo(stream);
        stream.Position = 0;
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>What an installed tool runs with here: on PATH, with this runtime, no configuration, server or user plugins of the machine.</summary>
    internal static Dictionary<string, string> Environment(string tools) => new()
    {
        ["PATH"] = $"{tools}:{System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"}",
        ["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
        ["SANDBOX_CONFIG"] = "",
        ["SANDBOX_HOST"] = "",
        ["SANDBOX_PLUGINS"] = Path.Combine(tools, "no-user-plugins"),
    };
}
