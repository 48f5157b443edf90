using System.IO.Compression;
using System.Xml.Linq;

namespace Sandbox.Build.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(PackedSandboxBuildCollection.Name)]
public sealed class PackageContentsTests(PackedSandboxBuild package)
{
    [Fact]
    public void The_package_holds_the_build_files_the_task_with_its_dependencies_and_the_CLI_with_its_plugins_and_templates()
    {
        using var nupkg = ZipFile.OpenRead(package.Feed.PackagePath);
        var files = nupkg.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "README.md",
                "Sandbox.Build.nuspec",
                "build/Sandbox.Build.props",
                "build/Sandbox.Build.targets",
                "tasks/net10.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll",
                "tasks/net10.0/Microsoft.Extensions.Logging.Abstractions.dll",
                "tasks/net10.0/Sandbox.Abstractions.dll",
                "tasks/net10.0/Sandbox.Build.dll",
                "tools/net10.0/Basic.Reference.Assemblies.Net100.dll",
                "tools/net10.0/Microsoft.AspNetCore.OpenApi.dll",
                "tools/net10.0/Microsoft.CodeAnalysis.CSharp.dll",
                "tools/net10.0/Microsoft.CodeAnalysis.dll",
                "tools/net10.0/Microsoft.Extensions.AI.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.Caching.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.Configuration.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.Diagnostics.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.FileProviders.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.Hosting.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.Logging.Abstractions.dll",
                "tools/net10.0/Microsoft.Extensions.Options.dll",
                "tools/net10.0/Microsoft.Extensions.Primitives.dll",
                "tools/net10.0/Microsoft.OpenApi.dll",
                "tools/net10.0/ModelContextProtocol.AspNetCore.dll",
                "tools/net10.0/ModelContextProtocol.Core.dll",
                "tools/net10.0/ModelContextProtocol.dll",
                "tools/net10.0/OpenTelemetry.Api.ProviderBuilderExtensions.dll",
                "tools/net10.0/OpenTelemetry.Api.dll",
                "tools/net10.0/OpenTelemetry.Exporter.OpenTelemetryProtocol.dll",
                "tools/net10.0/OpenTelemetry.Exporter.Prometheus.AspNetCore.dll",
                "tools/net10.0/OpenTelemetry.Extensions.Hosting.dll",
                "tools/net10.0/OpenTelemetry.Instrumentation.AspNetCore.dll",
                "tools/net10.0/OpenTelemetry.dll",
                "tools/net10.0/Sandbox.Abstractions.dll",
                "tools/net10.0/Sandbox.Core.dll",
                "tools/net10.0/Sandbox.Mcp.AspNetCore.dll",
                "tools/net10.0/Sandbox.Mcp.dll",
                "tools/net10.0/Sandbox.Server.dll",
                "tools/net10.0/Sandbox.Telemetry.AspNetCore.dll",
                "tools/net10.0/Sandbox.Telemetry.dll",
                "tools/net10.0/Sandbox.Toolkit.dll",
                "tools/net10.0/Scriban.Signed.dll",
                "tools/net10.0/System.CommandLine.dll",
                "tools/net10.0/System.Diagnostics.DiagnosticSource.dll",
                "tools/net10.0/analyzers/Sandbox.Analyzers.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Docker.DotNet.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Microsoft.Extensions.DependencyInjection.Abstractions.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Microsoft.Extensions.Logging.Abstractions.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Newtonsoft.Json.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Sandbox.Egress.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Sandbox.Engines.DockerApi.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Sandbox.Executors.Docker.deps.json",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Sandbox.Executors.Docker.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/Sandbox.Toolkit.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Docker/sandbox-gate",
                "tools/net10.0/plugins/Sandbox.Executors.Host/Sandbox.Executors.Host.deps.json",
                "tools/net10.0/plugins/Sandbox.Executors.Host/Sandbox.Executors.Host.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Host/Sandbox.Toolkit.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Docker.DotNet.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Microsoft.Extensions.DependencyInjection.Abstractions.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Microsoft.Extensions.Logging.Abstractions.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Newtonsoft.Json.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Sandbox.Egress.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Sandbox.Engines.DockerApi.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Sandbox.Executors.Podman.deps.json",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Sandbox.Executors.Podman.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/Sandbox.Toolkit.dll",
                "tools/net10.0/plugins/Sandbox.Executors.Podman/sandbox-gate",
                "tools/net10.0/plugins/Sandbox.Validators.Policy/Sandbox.Validators.Policy.deps.json",
                "tools/net10.0/plugins/Sandbox.Validators.Policy/Sandbox.Validators.Policy.dll",
                "tools/net10.0/plugins/Sandbox.Validators.Python/Sandbox.Validators.Python.deps.json",
                "tools/net10.0/plugins/Sandbox.Validators.Python/Sandbox.Validators.Python.dll",
                "tools/net10.0/sandbox.deps.json",
                "tools/net10.0/sandbox.dll",
                "tools/net10.0/sandbox.runtimeconfig.json",
                "tools/net10.0/templates/harness/README.md",
                "tools/net10.0/templates/harness/bash-script/harness.sh.sbn",
                "tools/net10.0/templates/harness/bash-script/template.json",
                "tools/net10.0/templates/harness/node-handler/harness.js.sbn",
                "tools/net10.0/templates/harness/node-handler/template.json",
                "tools/net10.0/templates/harness/python-handler/harness.py.sbn",
                "tools/net10.0/templates/harness/python-handler/template.json",
                "tools/net10.0/templates/harness/python-script/harness.py.sbn",
                "tools/net10.0/templates/harness/python-script/template.json",
            ],
            files);
    }

    [Fact]
    public void The_package_is_a_development_dependency_that_brings_no_dependencies()
    {
        using var nupkg = ZipFile.OpenRead(package.Feed.PackagePath);
        using var stream = nupkg.GetEntry("Sandbox.Build.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

        Assert.Equal("true", metadata.Elements().Single(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
    }
}
