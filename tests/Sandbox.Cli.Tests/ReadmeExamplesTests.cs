using Sandbox.TestUtilities;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>
/// The examples under README's quick start run as written, on the real engines, with the CLI that <c>./sandbox</c>
/// runs (built in place as this project's dependency, with every bundled plugin).
/// </summary>
public sealed class ReadmeExamplesTests
{
    private const string ExamplesMarker = "<!-- more examples";

    [Fact]
    public async Task The_quick_start_examples_run_as_written()
    {
        foreach (var executor in (string[])["docker", "podman", "host"]) await RequireHealthyAsync(executor);
        var examples = await ReadmeScripts.BashBlockAfterAsync(ExamplesMarker, TestContext.Current.CancellationToken);
        var folder = Directory.CreateTempSubdirectory("sandbox-readme-");
        try
        {
            // As the launcher runs it: image names from images.env, the repository's sandbox.json.
            var script = $"""
                set -euo pipefail
                set -a; source '{RepositoryLayout.PathOf("build", "images", "images.env")}'; set +a
                export SANDBOX_CONFIG='{RepositoryLayout.PathOf("sandbox.json")}'
                sandbox() {"{"} dotnet exec '{LauncherCli()}' "$@"; {"}"}
                {examples.Replace("./sandbox ", "sandbox ", StringComparison.Ordinal)}
                """;
            var (exitCode, output, errors) = await ReadmeScripts.RunBashAsync(script, folder.FullName, TestContext.Current.CancellationToken);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
            Assert.Contains("\"sum\"", output, StringComparison.Ordinal);
            Assert.Contains("3.11.", output, StringComparison.Ordinal);
            Assert.Contains("65534", output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The launcher's build of the CLI, in this test build's configuration (bin/<configuration>/<framework>/).
    private static string LauncherCli()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        return RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", framework.Parent!.Name, framework.Name, "sandbox.dll");
    }
}
