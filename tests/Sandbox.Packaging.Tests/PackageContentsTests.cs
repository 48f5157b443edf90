using System.IO.Compression;
using System.Xml.Linq;

namespace Sandbox.Packaging.Tests;

/// <summary>What each shipped package holds and what it brings along, read from the packed .nupkg files.</summary>
[Collection(PackedFrameworkCollection.Name)]
public sealed class PackageContentsTests(PackedFramework packed)
{
    public static TheoryData<string, string[]> LibraryFiles => new()
    {
        { "Sandbox.Abstractions", ["analyzers/dotnet/cs/Sandbox.Analyzers.CodeFixes.dll", "analyzers/dotnet/cs/Sandbox.Analyzers.dll", "buildTransitive/Sandbox.Abstractions.props", .. Lib("Sandbox.Abstractions")] },
        { "Sandbox.Toolkit", Lib("Sandbox.Toolkit") },
        { "Sandbox.Egress", Lib("Sandbox.Egress") },
        { "Sandbox.Core", Lib("Sandbox.Core") },
        { "Sandbox.Engines.DockerApi", Lib("Sandbox.Engines.DockerApi") },
        { "Sandbox.Testing", Lib("Sandbox.Testing") },
        { "Sandbox.Telemetry", Lib("Sandbox.Telemetry") },
        { "Sandbox.Telemetry.AspNetCore", Lib("Sandbox.Telemetry.AspNetCore") },
        { "Sandbox.Mcp", Lib("Sandbox.Mcp") },
        { "Sandbox.Mcp.AspNetCore", Lib("Sandbox.Mcp.AspNetCore") },
        { "Sandbox.Server", Lib("Sandbox.Server") },
        { "Sandbox.Executors.Docker", Lib("Sandbox.Executors.Docker") },
        { "Sandbox.Executors.Podman", Lib("Sandbox.Executors.Podman") },
        { "Sandbox.Executors.Host", Lib("Sandbox.Executors.Host") },
        { "Sandbox.Validators.Python", Lib("Sandbox.Validators.Python") },
        { "Sandbox.Validators.Policy", Lib("Sandbox.Validators.Policy") },
    };

    public static TheoryData<string, string[]> Dependencies => new()
    {
        { "Sandbox.Abstractions", ["Microsoft.Extensions.Logging.Abstractions"] },
        {
            "Sandbox.Core",
            ["Basic.Reference.Assemblies.Net100", "Microsoft.CodeAnalysis.CSharp", "Microsoft.Extensions.Configuration.Abstractions",
             "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Sandbox.Abstractions", "Sandbox.Toolkit", "Scriban.Signed"]
        },
        // The contract is compile-only for plugins and the engine layer: the host (Sandbox.Core) brings the one copy.
        // The toolkit is a plain dependency: each plugin carries its own copy.
        { "Sandbox.Toolkit", ["Sandbox.Abstractions(compile)"] },
        { "Sandbox.Egress", ["Microsoft.Extensions.Logging.Abstractions", "Sandbox.Abstractions(compile)"] },
        { "Sandbox.Engines.DockerApi", ["Docker.DotNet", "Microsoft.Extensions.Logging.Abstractions", "Sandbox.Abstractions(compile)", "Sandbox.Egress", "Sandbox.Toolkit"] },
        { "Sandbox.Testing", ["Sandbox.Abstractions", "xunit.v3.assert", "xunit.v3.extensibility.core"] },
        // Hosts: OpenTelemetry only where a host asks for it; ASP.NET Core comes as a framework reference, not a package.
        { "Sandbox.Telemetry", ["OpenTelemetry", "OpenTelemetry.Exporter.OpenTelemetryProtocol", "Sandbox.Abstractions"] },
        { "Sandbox.Telemetry.AspNetCore", ["OpenTelemetry.Exporter.Prometheus.AspNetCore", "OpenTelemetry.Extensions.Hosting", "OpenTelemetry.Instrumentation.AspNetCore", "Sandbox.Telemetry"] },
        { "Sandbox.Mcp", ["ModelContextProtocol", "Sandbox.Core"] },
        { "Sandbox.Mcp.AspNetCore", ["ModelContextProtocol.AspNetCore", "Sandbox.Mcp"] },
        { "Sandbox.Server", ["Microsoft.AspNetCore.OpenApi", "Microsoft.OpenApi", "Sandbox.Core", "Sandbox.Mcp.AspNetCore", "Sandbox.Telemetry.AspNetCore"] },
        { "Sandbox.Executors.Docker", ["Sandbox.Abstractions(compile)", "Sandbox.Engines.DockerApi"] },
        { "Sandbox.Executors.Podman", ["Sandbox.Abstractions(compile)", "Sandbox.Engines.DockerApi"] },
        { "Sandbox.Executors.Host", ["Sandbox.Abstractions(compile)", "Sandbox.Toolkit"] },
        { "Sandbox.Validators.Python", ["Sandbox.Abstractions(compile)"] },
        { "Sandbox.Validators.Policy", ["Sandbox.Abstractions(compile)"] },
        { "Sandbox.Build", [] },
        { "Sandbox.Cli", [] },
    };

    [Theory]
    [MemberData(nameof(LibraryFiles))]
    public void A_library_package_holds_its_assembly_docs_and_readme(string packageId, string[] expected)
    {
        Assert.Equal([.. expected.Append("README.md").Append($"{packageId}.nuspec").Order(StringComparer.Ordinal)], Files(packageId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dependencies))]
    public void A_package_depends_on_exactly_what_its_consumers_need_for_net10(string packageId, string[] expected)
    {
        var groups = Metadata(packageId).Elements().Where(e => e.Name.LocalName == "dependencies").Elements().ToArray();
        var dependencies = groups.SelectMany(g => g.Elements())
            .Select(d => (string)d.Attribute("id")! + ((string?)d.Attribute("exclude"))?.Contains("Runtime", StringComparison.Ordinal) switch { true => "(compile)", _ => "" })
            .Order(StringComparer.Ordinal);

        Assert.All(groups, g => Assert.Equal("net10.0", (string?)g.Attribute("targetFramework")));
        Assert.Equal(expected, dependencies);
    }

    [Theory]
    [MemberData(nameof(AllPackages))]
    public void Every_package_has_complete_metadata_and_a_symbols_package(string packageId)
    {
        var metadata = Metadata(packageId);
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Contains("sandbox", Value("tags") ?? "", StringComparison.Ordinal);
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("https://github.com/sandbox-framework/sandbox", (string?)metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url"));
        // The tool's own package only points at its RID packages (ToolPackageTests); they carry the assemblies and symbols.
        var withAssemblies = packageId == "Sandbox.Cli" ? "Sandbox.Cli.linux-x64" : packageId;
        Assert.True(File.Exists(Path.ChangeExtension(packed.Feed.PackagePathOf(withAssemblies), ".snupkg")), $"{withAssemblies} has no symbols package");
    }

    public static TheoryData<string> AllPackages => new(PackedFramework.PackageIds);

    private static string[] Lib(string assembly) => [$"lib/net10.0/{assembly}.dll", $"lib/net10.0/{assembly}.xml"];

    private IEnumerable<string> Files(string packageId)
    {
        using var nupkg = ZipFile.OpenRead(packed.Feed.PackagePathOf(packageId));
        return nupkg.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .ToArray();
    }

    private XElement Metadata(string packageId)
    {
        using var nupkg = ZipFile.OpenRead(packed.Feed.PackagePathOf(packageId));
        using var stream = nupkg.GetEntry($"{packageId}.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }
}
