using System.IO.Compression;
using System.Text.RegularExpressions;
using Sandbox.TestUtilities;

namespace Sandbox.Analyzers.Tests.EndToEnd;

/// <summary>
/// The analyzers as a consumer gets them: from the packed Sandbox.Abstractions package, in a fresh project built by a
/// real <c>dotnet build</c>.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class PackageEndToEndTests(PackedAbstractions package) : IClassFixture<PackedAbstractions>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    private const string UnsafeCode = """
        using Sandbox.Abstractions;

        public static class Requests
        {
            public static ExecutionRequest Unsafe() => ExecutionRequest.For("python3") with
            {
                Network = NetworkPolicy.Host,
                Security = new SecurityProfile { Privileged = true },
            };
        }
        """;

    private const string UnsafeConfig = """
        {
          "defaultExecutor": "docker",
          "defaults": { "memory": null }
        }
        """;

    [Fact]
    public void The_package_holds_the_contract_the_analyzers_and_the_props_and_nothing_else()
    {
        using var nupkg = ZipFile.OpenRead(package.PackagePath);
        var files = nupkg.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "README.md",
                "Sandbox.Abstractions.nuspec",
                "analyzers/dotnet/cs/Sandbox.Analyzers.CodeFixes.dll",
                "analyzers/dotnet/cs/Sandbox.Analyzers.dll",
                "buildTransitive/Sandbox.Abstractions.props",
                "lib/net10.0/Sandbox.Abstractions.dll",
                "lib/net10.0/Sandbox.Abstractions.xml",
            ],
            files);
        using var nuspec = new StreamReader(nupkg.GetEntry("Sandbox.Abstractions.nuspec")!.Open());
        Assert.DoesNotContain("Sandbox.Analyzers", nuspec.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_project_gets_SBX_warnings_for_its_code_and_sandbox_json_and_fails_with_TreatWarningsAsErrors()
    {
        var project = CreateConsumer();
        var cancellationToken = TestContext.Current.CancellationToken;

        var build = await DotNetCli.RunAsync(project, ["build"], BuildTimeout, cancellationToken);

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(
            ["Requests.cs(7,9): warning SBX0003", "Requests.cs(8,42): warning SBX0001", "sandbox.json(3,17): warning SBX0005"],
            Diagnostics(build.Output));

        var strict = await DotNetCli.RunAsync(project, ["build", "--no-incremental", "-p:TreatWarningsAsErrors=true"], BuildTimeout, cancellationToken);

        Assert.True(strict.ExitCode != 0, strict.Output);
        Assert.Equal(
            ["Requests.cs(7,9): error SBX0003", "Requests.cs(8,42): error SBX0001", "sandbox.json(3,17): error SBX0005"],
            Diagnostics(strict.Output));
    }

    private string CreateConsumer()
    {
        var directory = Path.Combine(package.Root.FullName, "consumer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        // The real global packages folder is a read-only fallback (nothing is downloaded twice); the package itself
        // lands in a folder of this run only.
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{package.Root.FullName}/packages" /></config>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders><clear /><add key="user" value="{userPackages}" /></fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sandbox.Abstractions" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Requests.cs"), UnsafeCode);
        File.WriteAllText(Path.Combine(directory, "sandbox.json"), UnsafeConfig);
        return directory;
    }

    // "file(line,col): warning SBXnnnn", once each (MSBuild repeats them in its summary), in a stable order.
    private static List<string> Diagnostics(string output) =>
        SbxDiagnostic().Matches(output)
            .Select(m => $"{Path.GetFileName(m.Groups["file"].Value)}({m.Groups["position"].Value}): {m.Groups["severity"].Value} {m.Groups["id"].Value}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"(?<file>[^\s]+)\((?<position>\d+,\d+)\): (?<severity>warning|error) (?<id>SBX\d{4})")]
    private static partial Regex SbxDiagnostic();
}
