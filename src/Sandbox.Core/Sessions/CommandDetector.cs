namespace Sandbox.Core.Sessions;

/// <summary>
/// Chooses the test and build commands for a workspace from <see cref="WorkspaceFacts"/>. Pure: the facts come from
/// one probe in the session. A language is chosen only when its tool is in the image.
/// </summary>
public static class CommandDetector
{
    private const string NpmDefaultTestScript = "echo \"Error: no test specified\" && exit 1";

    /// <summary>The test command for the workspace, or <c>null</c> when nothing recognisable (with its tool) is there.</summary>
    public static DetectedCommand? DetectTests(WorkspaceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.HasTool("pytest-module") && (facts.HasFile("pytest.ini", "conftest.py", "tox.ini", "setup.cfg", "pyproject.toml", "setup.py", "tests", "test") || facts.HasFileEnding(".py")))
        {
            string[] coverage = facts.HasTool("pytest-cov") ? ["--cov=.", "--cov-report=term"] : [];
            return new(TestFramework.Pytest, "pytest", ["python3", "-m", "pytest", "-rA", .. coverage]);
        }

        if (facts.HasFile("package.json") && facts.HasTool("node") && NodeTests(facts) is { } node) return node;
        if (facts.HasFile("go.mod") && facts.HasTool("go")) return new(TestFramework.GoTest, "go", ["go", "test", "-v", "-cover", "./..."]);
        if (facts.HasFile("pom.xml") && facts.HasTool("mvn")) return new(TestFramework.Maven, "maven", ["mvn", "-B", "test"]);
        if (facts.HasFile("gradlew")) return new(TestFramework.Gradle, "gradle", ["./gradlew", "test", "--console=plain"]);
        if (facts.HasFile("build.gradle", "build.gradle.kts") && facts.HasTool("gradle")) return new(TestFramework.Gradle, "gradle", ["gradle", "test", "--console=plain"]);
        if (facts.HasFile(".rspec", "spec") && facts.HasTool("rspec")) return new(TestFramework.RSpec, "rspec", ["rspec"]);
        if (facts.HasFile("Rakefile") && facts.HasTool("rake")) return new(TestFramework.Minitest, "rake", ["rake", "test"]);
        if ((facts.HasFileEnding(".sln") || facts.HasFileEnding("proj")) && facts.HasTool("dotnet")) return new(TestFramework.DotnetTest, "dotnet", ["dotnet", "test"]);
        if (facts.HasFile("test.js") && facts.HasTool("node")) return new(TestFramework.Tap, "node", ["node", "--test"]);
        return null;
    }

    /// <summary>The build command for the workspace, or <c>null</c> when nothing recognisable (with its tool) is there.</summary>
    public static DetectedCommand? DetectBuild(WorkspaceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if ((facts.HasFileEnding(".sln") || facts.HasFileEnding("proj")) && facts.HasTool("dotnet")) return new(TestFramework.Unknown, "dotnet", ["dotnet", "build"]);
        if (facts.HasFile("go.mod") && facts.HasTool("go")) return new(TestFramework.Unknown, "go", ["go", "build", "./..."]);
        if (facts.HasFile("pom.xml") && facts.HasTool("mvn")) return new(TestFramework.Unknown, "maven", ["mvn", "-B", "compile"]);
        if (facts.HasFile("gradlew")) return new(TestFramework.Unknown, "gradle", ["./gradlew", "assemble", "--console=plain"]);
        if (facts.HasFile("build.gradle", "build.gradle.kts") && facts.HasTool("gradle")) return new(TestFramework.Unknown, "gradle", ["gradle", "assemble", "--console=plain"]);
        if (facts.HasFile("package.json") && facts.NpmScript("build") is { } build) return new(TestFramework.Unknown, "npm", NpmScript(build));
        if (facts.HasFile("Makefile") && facts.HasTool("make")) return new(TestFramework.Unknown, "make", ["make"]);
        if (facts.HasTool("python3") && (facts.HasFileEnding(".py") || facts.HasFile("pyproject.toml", "setup.py", "tests")))
            return new(TestFramework.Unknown, "python", ["python3", "-m", "compileall", "-q", "."]);
        if (facts.HasFile("package.json") && facts.HasTool("node"))
            return new(TestFramework.Unknown, "node", ["/bin/sh", "-c", "for f in $(find . -name '*.js' -not -path './node_modules/*'); do node --check \"$f\" || exit 1; done"]);
        return null;
    }

    private static DetectedCommand? NodeTests(WorkspaceFacts facts)
    {
        var script = facts.NpmScript("test");
        var jest = facts.NpmDependsOn("jest") || script?.Contains("jest", StringComparison.Ordinal) == true;
        if (script is not null && script != NpmDefaultTestScript)
        {
            var framework = jest ? TestFramework.Jest : script.Contains("--test", StringComparison.Ordinal) || script.Contains("tap", StringComparison.Ordinal) ? TestFramework.Tap : TestFramework.Unknown;
            return new(framework, "npm", NpmScript(script));
        }

        if (jest && facts.HasTool("local-jest")) return new(TestFramework.Jest, "jest", ["node_modules/.bin/jest", "--ci"]);
        return facts.HasFile("test", "test.js") || facts.HasFileEnding(".test.js") ? new(TestFramework.Tap, "node", ["node", "--test"]) : null;
    }

    // What `npm run` does, without needing npm in the image: the script through sh, local binaries on the PATH.
    private static string[] NpmScript(string script) =>
        ["/bin/sh", "-c", "PATH=\"$PWD/node_modules/.bin:$PATH\"; " + script];
}
