using System.Diagnostics;
using System.Text.Json;
using Sandbox.Core;
using Sandbox.Testing;
using Sandbox.TestUtilities;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>
/// Every harness template through <c>sandbox exec</c> on the real Docker engine and on the host executor (whose
/// sandbox sees the host's /usr, where python3 and node are installed).
/// </summary>
public sealed class TemplateEndToEndTests
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // executor, template, code file, code, expected result
        { "docker", "python-handler", "handler.py", "def handler(input):\n    return {'sum': input['a'] + input['b']}\n", """{"sum":3}""" },
        { "docker", "python-script", "snippet.py", "result = input['a'] * input['b']\n", "2" },
        { "docker", "bash-script", "script.sh", "grep -q '\"a\"' \"$1\"\n", "null" },
        { "host", "python-handler", "handler.py", "def handler(input):\n    return {'sum': input['a'] + input['b']}\n", """{"sum":3}""" },
        { "host", "python-script", "snippet.py", "result = input['a'] * input['b']\n", "2" },
        { "host", "node-handler", "handler.js", "module.exports = async (input) => ({ sum: input.a + input.b });\n", """{"sum":3}""" },
        { "host", "bash-script", "script.sh", "grep -q '\"a\"' \"$1\"\n", "null" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_template_runs_end_to_end(string executor, string template, string codeFile, string code, string expected)
    {
        await RequireHealthyAsync(executor);
        var folder = Scratch.Folder();
        try
        {
            var codePath = Path.Combine(folder.FullName, codeFile);
            var inputPath = Path.Combine(folder.FullName, "input.json");
            await File.WriteAllTextAsync(codePath, code, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(inputPath, """{"a": 1, "b": 2}""", TestContext.Current.CancellationToken);

            var run = await InvokeAsync("exec", "--executor", executor, "--template", template, "--code", codePath, "--input", inputPath, "--json");

            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            using var json = JsonDocument.Parse(run.Stdout);
            Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(expected, json.RootElement.GetProperty("result").GetRawText().Replace(" ", "").Replace("\n", ""));
            Assert.Equal(executor, json.RootElement.GetProperty("execution").GetProperty("executor").GetString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_node_handler_runs_on_docker_with_the_node_image()
    {
        await RequireHealthyAsync("docker");
        var folder = Scratch.Folder();
        var codePath = Path.Combine(folder.FullName, "handler.js");
        await File.WriteAllTextAsync(codePath, "exports.handler = (input) => process.version.startsWith('v18');\n", TestContext.Current.CancellationToken);

        var run = await InvokeAsync("exec", "--executor", "docker", "--image", TestImages.Node, "--template", "node-handler", "--code", codePath);

        folder.Delete(recursive: true);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("true", run.Stdout.Trim());
    }

    [Fact]
    public async Task A_rejected_snippet_exits_126_and_no_container_is_created()
    {
        await RequireHealthyAsync("docker");
        var codePath = Path.Combine(Scratch.Folder().FullName, "handler.py");
        await File.WriteAllTextAsync(codePath, "import subprocess\ndef handler(input):\n    return subprocess.check_output(['id'])\n", TestContext.Current.CancellationToken);
        var before = await CountFrameworkContainersCreatedAsync();

        var run = await InvokeAsync("exec", "--executor", "docker", "--template", "python-handler", "--code", codePath);

        Assert.Equal(126, run.ExitCode);
        Assert.Contains("error PY0001", run.Stderr);
        Assert.Equal(before, await CountFrameworkContainersCreatedAsync());

        // The counter does see containers: an accepted snippet creates one.
        await File.WriteAllTextAsync(codePath, "def handler(input):\n    return 1\n", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await InvokeAsync("exec", "--executor", "docker", "--template", "python-handler", "--code", codePath)).ExitCode);
        Assert.True(await CountFrameworkContainersCreatedAsync() > before);
    }

    // Counting the engine's 'create' events of containers owned by the process that runs the CLI's commands (this one,
    // or the server of the suite's pass through a server) proves none was created, even one removed again at once.
    private static readonly string Since = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<int> CountFrameworkContainersCreatedAsync()
    {
        var owner = await ServerPass.RunnerPidAsync(FakeConfig);
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["events", "--since", Since, "--until", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--filter", "type=container", "--filter", "event=create", "--filter", $"label=org.sandbox-framework.owner-pid={owner}", "--format", "{{.ID}}"])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
