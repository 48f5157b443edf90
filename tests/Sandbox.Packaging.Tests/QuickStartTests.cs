using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Packaging.Tests;

/// <summary>
/// README's two ways in, run as written in folders outside the checkout against a feed holding only the packed
/// packages (public dependencies restore from the machine's NuGet cache): the CLI as a .NET tool, and a new console
/// project that references the packages.
/// </summary>
[Collection(PackedFrameworkCollection.Name)]
public sealed class QuickStartTests(PackedFramework packed)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_tool_installed_from_the_feed_runs_execs_and_diagnoses_from_a_folder_outside_the_checkout()
    {
        await RequireDockerAsync();
        var folder = packed.Feed.CreateConsumerDirectory("tool");
        var tools = Path.Combine(folder, ".tools");
        var script = ReadmeBlocks.After(ReadmeBlocks.ToolMarker)
            .Replace("dotnet tool install --global Sandbox.Cli", $"dotnet tool install Sandbox.Cli --tool-path '{tools}' --version {packed.Feed.Version}", StringComparison.Ordinal);
        Assert.Contains("--tool-path", script, StringComparison.Ordinal);

        var (exitCode, stdout, stderr) = await Bash.RunAsync(script + "command -v sandbox\n", folder, Environment(folder, tools), ScriptTimeout);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("hello from a sandbox", stdout, StringComparison.Ordinal);
        Assert.Matches("\"sum\":\\s*3", stdout);
        Assert.Contains("[ok]   executor docker", stdout, StringComparison.Ordinal);
        Assert.EndsWith($"{tools}/sandbox", stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_console_project_runs_python_in_docker_through_the_packages_in_at_most_ten_lines()
    {
        await RequireDockerAsync();
        var folder = packed.Feed.CreateConsumerDirectory("app");
        var commands = Regex.Replace(ReadmeBlocks.After(ReadmeBlocks.PackageMarker, 0), @"dotnet add package (Sandbox\.[\w.]+)", m => $"dotnet add package {m.Groups[1].Value} --version {packed.Feed.Version} --no-restore")
            .Replace("dotnet add package Microsoft.Extensions.DependencyInjection", "dotnet add package Microsoft.Extensions.DependencyInjection --version 10.0.0 --no-restore", StringComparison.Ordinal);
        var program = ReadmeBlocks.After(ReadmeBlocks.PackageMarker, 1);
        Assert.InRange(program.Split('\n').Count(line => line.Trim().Length > 0), 1, 10);

        var script = $"{commands}cat > Program.cs <<'PROGRAM'\n{program}PROGRAM\ndotnet run -nodeReuse:false -p:UseSharedCompilation=false\n";
        var (exitCode, stdout, stderr) = await Bash.RunAsync(script, folder, Environment(folder, tools: null), ScriptTimeout);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.EndsWith("\n42", "\n" + stdout.TrimEnd(), StringComparison.Ordinal);
    }

    // A user's environment: no configuration or plugin folders of this machine's user, the tool path first on PATH.
    private static Dictionary<string, string> Environment(string folder, string? tools)
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return new Dictionary<string, string>
        {
            ["PATH"] = tools is null ? path : $"{tools}:{path}",
            ["DOTNET_ROOT"] = dotnetRoot,
            ["SANDBOX_CONFIG"] = "",
            ["SANDBOX_PLUGINS"] = Path.Combine(folder, "no-user-plugins"),
        };
    }

    private static async Task RequireDockerAsync()
    {
        var (exitCode, _, _) = await Bash.RunAsync($"docker image inspect '{TestImages.Python}' >/dev/null", Path.GetTempPath(), new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        EngineGate.Require(exitCode == 0, $"The Docker engine with image {TestImages.Python}", "run build/setup.sh");
    }
}
