using System.Diagnostics;
using Sandbox.Engines.DockerApi;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Build.Tests.EndToEnd;

/// <summary>
/// The snippet on the real Docker engine: a fresh project referencing the packed Sandbox.Build, a real
/// <c>dotnet build</c>, and no framework container left behind afterwards. Each build's command carries a marker, and
/// no container labelled by the framework may still hold it once the build returned.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackedSandboxBuildCollection.Name)]
public sealed class DockerEndToEndTests(PackedSandboxBuild package)
{
    private const string GenPy = """
        import os, sys
        print("generating Gen.cs in a container as uid", os.getuid())
        with open("/out/gen.cs", "w") as f:
            f.write('public static class Gen { public const string Message = "hello from the container"; }\n')
        """;

    private readonly string _marker = "sbx-e2e-" + Guid.NewGuid().ToString("N")[..12];

    private string Consumer(string attributes) => package.CreateConsumer($"""
          <ItemGroup>
            <GenInputs Include="gen.py" />
          </ItemGroup>
          <Target Name="Codegen" BeforeTargets="Build">
            <SandboxRun Executor="docker" Image="{TestImages.Python}" CopyIn="@(GenInputs)" CopyOut="/out/gen.cs"
                        OutputDirectory="$(IntermediateOutputPath)gen" Memory="256m" Timeout="60s" {attributes} />
          </Target>
        """, new Dictionary<string, string> { ["gen.py"] = GenPy, ["Program.cs"] = "System.Console.WriteLine();" });

    [Fact]
    public async Task The_documented_snippet_generates_a_file_in_a_container_and_leaves_no_container()
    {
        await RequireDockerAsync();
        var project = Consumer($"""Command="python3 gen.py {_marker}" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("generating Gen.cs in a container as uid 65534", build.Output);
        Assert.Empty(BuildDiagnosticLines.Of(build.Output));
        var generated = Path.Combine(project, "obj", "Debug", "net10.0", "gen", "gen.cs");
        Assert.Contains("hello from the container", File.ReadAllText(generated));
        Assert.Equal(0, await ContainersWithMarkerAsync());
    }

    [Fact]
    public async Task A_failing_command_in_a_container_fails_the_build_and_leaves_no_container()
    {
        await RequireDockerAsync();
        var project = Consumer($"""Command="python3 -c 'import sys; print(&quot;container about to fail&quot;); sys.exit(4)' {_marker}" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("container about to fail", build.Output);
        Assert.Equal(["Consumer.csproj(15,5): error SBXB010"], BuildDiagnosticLines.Of(build.Output));
        Assert.Equal(0, await ContainersWithMarkerAsync());
    }

    [Fact]
    public async Task Network_access_is_an_SBX0002_warning_and_an_error_under_TreatWarningsAsErrors()
    {
        await RequireDockerAsync();
        var project = Consumer($"""Command="python3 gen.py {_marker}" Network="bridge" """);

        var build = await PackedSandboxBuild.BuildAsync(project);
        var strict = await PackedSandboxBuild.BuildAsync(project, "--no-incremental", "-p:TreatWarningsAsErrors=true");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(["Consumer.csproj(15,5): warning SBX0002"], BuildDiagnosticLines.Of(build.Output));
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Equal(["Consumer.csproj(15,5): error SBX0002"], BuildDiagnosticLines.Of(strict.Output));
        Assert.DoesNotContain("generating Gen.cs", strict.Output);
        Assert.Equal(0, await ContainersWithMarkerAsync());
    }

    private static async Task RequireDockerAsync()
    {
        // That the package bundles the docker executor is PackageContentsTests' business; here only the engine may be missing.
        var engine = (await DockerAsync("image", "inspect", "--format", "{{.Id}}", TestImages.Python)).ExitCode == 0;
        EngineGate.Require(engine, $"The Docker engine at {TestImages.DockerSocket} with image {TestImages.Python}", "run build/setup.sh");
    }

    // Every container the framework labelled whose command line still carries this test's marker.
    private async Task<int> ContainersWithMarkerAsync()
    {
        var listed = await DockerAsync("ps", "--all", "--no-trunc", "--filter", $"label={SandboxLabels.ManagedFilter}", "--format", "{{.Command}}");
        Assert.True(listed.ExitCode == 0, listed.Output);
        return listed.Output.Split('\n').Count(line => line.Contains(_marker, StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Output)> DockerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output + await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
