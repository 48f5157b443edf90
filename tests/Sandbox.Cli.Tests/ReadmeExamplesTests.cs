using System.Text.Json;
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

    [Fact]
    public async Task The_egress_example_installs_from_the_allowed_index_and_reports_the_denied_host()
    {
        await RequireHealthyAsync("docker");
        await using var internet = await FakeInternet.StartAsync();
        var example = await ReadmeScripts.BashBlockAfterAsync("<!-- egress example", TestContext.Current.CancellationToken);
        var folder = Directory.CreateTempSubdirectory("sandbox-readme-");
        try
        {
            // The proxy (in the CLI's process) resolves names through the fake internet's hosts file.
            var script = $"""
                set -euo pipefail
                export SANDBOX_CONFIG='{RepositoryLayout.PathOf("sandbox.json")}' SANDBOX_EGRESS_HOSTS_FILE='{internet.HostsFile}'
                sandbox() {"{"} dotnet exec '{LauncherCli()}' "$@"; {"}"}
                {example.Replace("./sandbox ", "sandbox ", StringComparison.Ordinal)}
                """;
            var (exitCode, output, errors) = await ReadmeScripts.RunBashAsync(script, folder.FullName, TestContext.Current.CancellationToken);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
            Assert.StartsWith(FakeInternet.Greeting + "\n", output, StringComparison.Ordinal);
            var result = JsonDocument.Parse(output[(FakeInternet.Greeting.Length + 1)..]).RootElement;
            Assert.Equal(22, result.GetProperty("exitCode").GetInt32());
            Assert.Contains(result.GetProperty("network").GetProperty("blocked").EnumerateArray(),
                b => b.GetProperty("host").GetString() == FakeInternet.DeniedName && b.GetProperty("why").GetString() == "not allowed");
            Assert.Contains(internet.Requests, r => r.Contains($"/files/hello_sandbox-1.0-py3-none-any.whl", StringComparison.Ordinal));
            Assert.DoesNotContain(internet.Requests, r => r.StartsWith(FakeInternet.DeniedName, StringComparison.Ordinal));
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
