using Sandbox.Build.Tests.Helpers;
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
        await DockerEngine.RequireAsync();
        var project = Consumer($"""Command="python3 gen.py {_marker}" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("generating Gen.cs in a container as uid 65534", build.Output);
        Assert.Empty(BuildDiagnosticLines.Of(build.Output));
        var generated = Path.Combine(project, "obj", "Debug", "net10.0", "gen", "gen.cs");
        Assert.Contains("hello from the container", File.ReadAllText(generated));
        Assert.Equal(0, await DockerEngine.ContainersWithMarkerAsync(_marker));
    }

    [Fact]
    public async Task A_failing_command_in_a_container_fails_the_build_and_leaves_no_container()
    {
        await DockerEngine.RequireAsync();
        var project = Consumer($"""Command="python3 -c 'import sys; print(&quot;container about to fail&quot;); sys.exit(4)' {_marker}" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("container about to fail", build.Output);
        Assert.Equal(["Consumer.csproj(15,5): error SBXB010"], BuildDiagnosticLines.Of(build.Output));
        Assert.Equal(0, await DockerEngine.ContainersWithMarkerAsync(_marker));
    }

    [Fact]
    public async Task Network_access_is_an_SBX0002_warning_and_an_error_under_TreatWarningsAsErrors()
    {
        await DockerEngine.RequireAsync();
        var project = Consumer($"""Command="python3 gen.py {_marker}" Network="bridge" """);

        var build = await PackedSandboxBuild.BuildAsync(project);
        var strict = await PackedSandboxBuild.BuildAsync(project, "--no-incremental", "-p:TreatWarningsAsErrors=true");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(["Consumer.csproj(15,5): warning SBX0002"], BuildDiagnosticLines.Of(build.Output));
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Equal(["Consumer.csproj(15,5): error SBX0002"], BuildDiagnosticLines.Of(strict.Output));
        Assert.DoesNotContain("generating Gen.cs", strict.Output);
        Assert.Equal(0, await DockerEngine.ContainersWithMarkerAsync(_marker));
    }
}
