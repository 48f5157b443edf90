using Sandbox.Core.Sessions;

namespace Sandbox.Core.Tests.Sessions;

public sealed class CommandDetectorTests
{
    private static WorkspaceFacts Facts(string probe) => WorkspaceFacts.Parse(probe);

    [Fact]
    public void The_probe_output_is_read_into_files_tools_and_package_json()
    {
        var facts = Facts("file:package.json\nfile:test.js\ntool:node\npackage.json:\n{ \"scripts\": { \"test\": \"node --test\" } }\n");

        Assert.True(facts.HasFile("test.js"));
        Assert.True(facts.HasTool("node"));
        Assert.Equal("node --test", facts.NpmScript("test"));
    }

    [Fact]
    public void A_python_workspace_with_pytest_runs_pytest_with_coverage_when_pytest_cov_is_there()
    {
        var plain = CommandDetector.DetectTests(Facts("file:tests\ntool:python3\ntool:pytest-module\n"));
        var covered = CommandDetector.DetectTests(Facts("file:test_calc.py\ntool:python3\ntool:pytest-module\ntool:pytest-cov\n"));

        Assert.Equal(["python3", "-m", "pytest", "-rA"], plain!.Command);
        Assert.Equal(TestFramework.Pytest, plain.Framework);
        Assert.Contains("--cov=.", covered!.Command);
    }

    [Fact]
    public void A_package_test_script_runs_without_npm_with_local_binaries_on_the_path()
    {
        var detected = CommandDetector.DetectTests(Facts("file:package.json\ntool:node\npackage.json:\n{\"scripts\":{\"test\":\"jest --ci\"},\"devDependencies\":{\"jest\":\"^29\"}}"));

        Assert.Equal(TestFramework.Jest, detected!.Framework);
        Assert.Equal("/bin/sh", detected.Command[0]);
        Assert.EndsWith("jest --ci", detected.Command[2], StringComparison.Ordinal);
        Assert.Contains("node_modules/.bin", detected.Command[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Npms_placeholder_test_script_is_ignored_in_favour_of_node_test()
    {
        var detected = CommandDetector.DetectTests(Facts("file:package.json\nfile:test.js\ntool:node\npackage.json:\n{\"scripts\":{\"test\":\"echo \\\"Error: no test specified\\\" && exit 1\"}}"));

        Assert.Equal(["node", "--test"], detected!.Command);
        Assert.Equal(TestFramework.Tap, detected.Framework);
    }

    [Theory]
    [InlineData("file:go.mod\ntool:go", TestFramework.GoTest, "go")]
    [InlineData("file:pom.xml\ntool:mvn", TestFramework.Maven, "mvn")]
    [InlineData("file:build.gradle\ntool:gradle", TestFramework.Gradle, "gradle")]
    [InlineData("file:gradlew\nfile:build.gradle", TestFramework.Gradle, "./gradlew")]
    [InlineData("file:.rspec\nfile:Gemfile\ntool:rspec", TestFramework.RSpec, "rspec")]
    [InlineData("file:Rakefile\ntool:rake", TestFramework.Minitest, "rake")]
    [InlineData("file:app.csproj\ntool:dotnet", TestFramework.DotnetTest, "dotnet")]
    public void Each_ecosystem_gets_its_runner(string probe, TestFramework framework, string program)
    {
        var detected = CommandDetector.DetectTests(Facts(probe));

        Assert.Equal(framework, detected!.Framework);
        Assert.Equal(program, detected.Command[0]);
    }

    [Fact]
    public void A_runner_whose_tool_is_missing_from_the_image_is_not_chosen()
    {
        Assert.Null(CommandDetector.DetectTests(Facts("file:go.mod\nfile:pom.xml\ntool:python3\n")));
    }

    [Theory]
    [InlineData("file:app.sln\ntool:dotnet", "dotnet")]
    [InlineData("file:go.mod\ntool:go", "go")]
    [InlineData("file:test_calc.py\ntool:python3", "python")]
    [InlineData("file:package.json\ntool:node\npackage.json:\n{\"scripts\":{\"build\":\"tsc\"}}", "npm")]
    public void Builds_are_detected_per_ecosystem(string probe, string tool)
    {
        Assert.Equal(tool, CommandDetector.DetectBuild(Facts(probe))!.Tool);
    }
}
