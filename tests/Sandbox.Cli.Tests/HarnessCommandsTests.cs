using System.Text.Json;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

public sealed class HarnessCommandsTests
{
    private static string WriteFile(string name, string content)
    {
        var path = Path.Combine(Scratch.Folder().FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Exec_of_rejected_code_exits_126_before_any_sandbox_exists()
    {
        var code = WriteFile("handler.py", "def handler(input):\n    return 'forbidden'\n");

        var run = await InvokeAsync("exec", "--template", "python-handler", "--code", code, "--json");

        Assert.Equal(126, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var execution = json.RootElement.GetProperty("execution");
        Assert.Equal(JsonValueKind.Null, execution.GetProperty("sandboxId").ValueKind);
        Assert.Equal("KW0002", execution.GetProperty("validation").GetProperty("findings")[0].GetProperty("ruleId").GetString());
    }

    [Theory]
    [InlineData(new[] { "exec", "--template", "ruby-handler", "--code", "/etc/hostname" }, "no such template")]
    [InlineData(new[] { "exec", "--template", "python-handler", "--code", "/no/such/handler.py" }, "--code: file '/no/such/handler.py' does not exist")]
    [InlineData(new[] { "exec", "--template", "python-handler", "--code", "/etc/hostname", "--input", "/no/input.json" }, "--input: file '/no/input.json' does not exist")]
    [InlineData(new[] { "exec", "--code", "/etc/hostname" }, "Option '--template' is required")]
    public async Task Exec_bad_input_exits_125(string[] args, string message)
    {
        var run = await InvokeAsync(args);

        Assert.Equal(125, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task Exec_with_invalid_input_json_exits_125_naming_the_input()
    {
        var code = WriteFile("handler.py", "def handler(input):\n    return 1\n");
        var input = WriteFile("input.json", "{not json");

        var run = await InvokeAsync("exec", "--template", "python-handler", "--code", code, "--input", input);

        Assert.Equal(125, run.ExitCode);
        Assert.Contains("Invalid request: input: not valid JSON", run.Stderr);
    }

    [Fact]
    public async Task Templates_lists_the_bundled_templates()
    {
        var run = await InvokeAsync("templates", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(["bash-script", "node-handler", "python-handler", "python-script"], json.RootElement.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Render_shows_the_generated_harness_without_running_it()
    {
        var code = WriteFile("handler.py", "def handler(input):\n    return 1\n");

        var run = await InvokeAsync("render", "--template", "python-handler", "--code", code);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("==> harness.py <==", run.Stdout);
        Assert.Contains("==> handler.py <==", run.Stdout);
        Assert.Contains("==> input.json <==", run.Stdout);
        Assert.Contains("command: python3 -I -B harness.py", run.Stderr);
    }

    [Fact]
    public async Task Validate_prints_findings_with_locations_and_exits_126_on_errors()
    {
        var code = WriteFile("snippet.py", "x = 1\ny = 'forbidden'\n");

        var run = await InvokeAsync("validate", "--language", "python", code);

        Assert.Equal(126, run.ExitCode);
        Assert.Contains("snippet.py(1,", run.Stdout);
        Assert.Contains("error KW0002", run.Stdout);
    }

    [Fact]
    public async Task Validate_config_reports_unsafe_settings_with_SBX_ids_and_config_keys()
    {
        var config = WriteConfig("""{ "fallbackToHost": true, "validation": { "enabled": false }, "defaults": { "memory": null, "privileged": true, "mounts": [ { "hostPath": "/var/run/docker.sock", "sandboxPath": "/s" } ] } }""");

        var run = await InvokeAsync("validate-config", config, "--warnings-as-errors");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("warning SBX0001: defaults.privileged runs the sandbox privileged", run.Stdout);
        Assert.Contains("warning SBX0005: defaults.memory", run.Stdout);
        Assert.Contains("warning SBX0012: defaults.mounts[0] (/var/run/docker.sock)", run.Stdout);
        Assert.Contains("warning SBX0014: validation.enabled", run.Stdout);
        Assert.Contains("warning SBX0015: fallbackToHost", run.Stdout);
    }

    [Fact]
    public async Task Validate_config_reports_an_allow_list_for_information_without_failing_the_check()
    {
        var config = WriteConfig("""{ "defaults": { "network": { "allow": ["pypi.org", "*.pythonhosted.org:443"] } } }""");

        var run = await InvokeAsync("validate-config", config, "--warnings-as-errors");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("info SBX0019: defaults.network.allow[0] (pypi.org) lets the sandbox reach a listed host", run.Stdout);
        Assert.Contains("info SBX0019: defaults.network.allow[1] (*.pythonhosted.org:443, wildcard)", run.Stdout);
    }

    [Fact]
    public async Task Validate_config_warns_about_an_allow_list_entry_of_any_host()
    {
        var config = WriteConfig("""{ "defaults": { "network": { "allow": ["*"] } } }""");

        var run = await InvokeAsync("validate-config", config, "--warnings-as-errors");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("warning SBX0020: defaults.network.allow[0] (*) lets the sandbox reach any host", run.Stdout);
    }

    [Fact]
    public async Task Validate_config_of_the_secure_defaults_is_clean()
    {
        var run = await InvokeAsync("validate-config", WriteConfig("{}"), "--warnings-as-errors");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
    }
}
