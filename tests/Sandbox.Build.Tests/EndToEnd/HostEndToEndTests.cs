using Sandbox.TestUtilities;

namespace Sandbox.Build.Tests.EndToEnd;

/// <summary>
/// Fresh projects referencing the packed Sandbox.Build, built with a real <c>dotnet build</c>, running their step on
/// the host executor. Each consumer's sandbox.json sends the executor's run directories to a folder of its own, which
/// must be empty after every build.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackedSandboxBuildCollection.Name)]
public sealed class HostEndToEndTests(PackedSandboxBuild package)
{
    private const string GenPy = """
        import os
        print("generating Gen.cs for the build")
        os.makedirs("out", exist_ok=True)
        with open("out/gen.cs", "w") as f:
            f.write('public static class Gen { public const string Message = "hello from generated code"; }\n')
        """;

    private static string Codegen(string attributes) => $"""
          <ItemGroup>
            <GenInputs Include="gen.py" />
            <Compile Include="$(IntermediateOutputPath)gen/gen.cs" />
          </ItemGroup>
          <Target Name="Codegen" BeforeTargets="CoreCompile">
            <SandboxRun Executor="host" CopyIn="@(GenInputs)" CopyOut="out/gen.cs" OutputDirectory="$(IntermediateOutputPath)gen"
                        Memory="256m" {attributes} />
          </Target>
        """;

    private (string Directory, string RunRoot) Consumer(string attributes, string program = "System.Console.WriteLine(Gen.Message);")
    {
        var directory = package.CreateConsumer(Codegen(attributes), new Dictionary<string, string>
        {
            ["gen.py"] = GenPy,
            ["Program.cs"] = program,
        });
        var runRoot = Path.Combine(directory, "host-runs");
        Directory.CreateDirectory(runRoot);
        File.WriteAllText(Path.Combine(directory, "sandbox.json"), $$"""{ "executors": { "host": { "tempRoot": "{{runRoot}}" } } }""");
        return (directory, runRoot);
    }

    [Fact]
    public async Task A_generator_runs_in_the_sandbox_its_output_is_logged_and_its_file_is_compiled_into_the_project()
    {
        var (project, runRoot) = Consumer("""Command="python3 gen.py" Timeout="60s" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("generating Gen.cs for the build", build.Output);
        Assert.Empty(BuildDiagnosticLines.Of(build.Output));
        Assert.True(File.Exists(Path.Combine(project, "obj", "Debug", "net10.0", "gen", "gen.cs")), build.Output);
        Assert.Empty(Directory.GetFileSystemEntries(runRoot));
        var run = await DotNetCli.RunAsync(project, ["bin/Debug/net10.0/Consumer.dll"], TimeSpan.FromMinutes(1), msbuild: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("hello from generated code", run.Output.Trim());
    }

    [Fact]
    public async Task A_failing_command_fails_the_build_with_its_output_and_a_clear_error()
    {
        var (project, runRoot) = Consumer("""Command="python3 -c 'import sys; print(&quot;about to fail&quot;); sys.exit(3)'" Timeout="60s" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("about to fail", build.Output);
        Assert.Equal(["Consumer.csproj(16,5): error SBXB010"], BuildDiagnosticLines.Of(build.Output));
        Assert.Contains("exited with code 3", build.Output);
        Assert.Empty(Directory.GetFileSystemEntries(runRoot));
    }

    [Fact]
    public async Task An_unsafe_setting_is_an_SBX_warning_and_under_TreatWarningsAsErrors_an_error_that_stops_the_step()
    {
        var (project, runRoot) = Consumer("""Command="python3 gen.py" Timeout="60s" Network="host" """);

        var build = await PackedSandboxBuild.BuildAsync(project);

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(["Consumer.csproj(16,5): warning SBX0003"], BuildDiagnosticLines.Of(build.Output));
        Assert.Contains("Network=\"host\" puts the sandbox on the host's network stack", build.Output);

        var strict = await PackedSandboxBuild.BuildAsync(project, "--no-incremental", "-p:TreatWarningsAsErrors=true");

        Assert.NotEqual(0, strict.ExitCode);
        Assert.Equal(["Consumer.csproj(16,5): error SBX0003"], BuildDiagnosticLines.Of(strict.Output));
        Assert.DoesNotContain("generating Gen.cs", strict.Output);
        Assert.Contains("was not run because this build treats its unsafe settings as errors", strict.Output);
        Assert.Empty(Directory.GetFileSystemEntries(runRoot));
    }

    [Fact]
    public async Task NoWarn_silences_an_SBX_warning_and_WarningsAsErrors_promotes_just_that_one()
    {
        var (project, _) = Consumer("""Command="python3 gen.py" Network="host" Timeout="none" """);

        var quiet = await PackedSandboxBuild.BuildAsync(project, "-p:NoWarn=SBX0003");
        var strict = await PackedSandboxBuild.BuildAsync(project, "--no-incremental", "-p:WarningsAsErrors=SBX0006");

        Assert.True(quiet.ExitCode == 0, quiet.Output);
        Assert.Equal(["Consumer.csproj(16,5): warning SBX0006"], BuildDiagnosticLines.Of(quiet.Output));
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Equal(["Consumer.csproj(16,5): error SBX0006", "Consumer.csproj(16,5): warning SBX0003"], BuildDiagnosticLines.Of(strict.Output));
    }
}
