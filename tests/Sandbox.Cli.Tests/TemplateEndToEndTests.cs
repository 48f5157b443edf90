using System.Text.Json;
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
}
