using System.Text.Json;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

public sealed class OtherCommandsTests
{
    [Fact]
    public async Task A_lone_version_flag_is_answered_before_the_command_tree_with_the_text_of_the_full_parser()
    {
        using var fast = new StringWriter();
        using var full = new StringWriter();
        var console = new CliConsole(fast, TextWriter.Null, () => Stream.Null);

        var answered = SandboxCli.TryAnswerVersion(["--version"], console);
        await SandboxCli.Build(console).Parse(["--version"]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = full }, TestContext.Current.CancellationToken);

        Assert.True(answered);
        Assert.Equal(full.ToString(), fast.ToString());
        Assert.StartsWith("0.1.0", fast.ToString(), StringComparison.Ordinal);
        Assert.False(SandboxCli.TryAnswerVersion(["--version", "--verbose"], console));
        Assert.False(SandboxCli.TryAnswerVersion(["run", "--version"], console));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("exec")]
    [InlineData("session")]
    [InlineData("serve")]
    [InlineData("mcp")]
    [InlineData("cleanup")]
    [InlineData("daemon")]
    public async Task A_request_naming_a_command_builds_only_its_branch_and_is_parsed_as_by_the_whole_tree(string name)
    {
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, () => Stream.Null);
        using var branchHelp = new StringWriter();
        using var fullHelp = new StringWriter();
        string[] args = [name, "--help"];

        var branch = SandboxCli.Build(console, args);
        await branch.Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = branchHelp }, TestContext.Current.CancellationToken);
        await SandboxCli.Build(console).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = fullHelp }, TestContext.Current.CancellationToken);

        Assert.Equal(name, Assert.Single(branch.Subcommands).Name);
        Assert.Equal(fullHelp.ToString(), branchHelp.ToString());
        Assert.Equal(14, SandboxCli.Build(console, ["rnu", "--", "true"]).Subcommands.Count);
        Assert.Equal(14, SandboxCli.Build(console, ["--verbose", name]).Subcommands.Count);
    }

    [Fact]
    public async Task Plugins_json_lists_name_kind_version_load_context_path_and_health()
    {
        var run = await InvokeAsync("plugins", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        var fake = json.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "fake");
        Assert.Equal("executor", fake.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(fake.GetProperty("version").GetString()));
        Assert.Contains("Sandbox.TestPlugins.Fakes", fake.GetProperty("loadContext").GetString());
        Assert.EndsWith("Sandbox.TestPlugins.Fakes.dll", fake.GetProperty("path").GetString());
        Assert.Equal("healthy: fake engine", fake.GetProperty("health").GetString());
        Assert.Contains(json.RootElement.EnumerateArray(), p => p.GetProperty("kind").GetString() == "validator");
    }

    [Fact]
    public async Task Plugins_prints_a_table_by_default()
    {
        var run = await InvokeAsync("plugins");

        Assert.StartsWith("NAME", run.Stdout);
        Assert.Contains("fake", run.Stdout);
    }

    [Fact]
    public async Task Cleanup_prints_counts_per_executor()
    {
        var run = await InvokeAsync("cleanup");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("fake: found 2, removed 2, failed 0", run.Stdout);
    }

    [Fact]
    public async Task Doctor_reports_each_executor_and_exits_zero_when_the_default_is_healthy()
    {
        var run = await InvokeAsync("doctor");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[ok]   executor fake: fake engine", run.Stdout);
    }

    [Fact]
    public async Task Doctor_says_how_to_fix_a_missing_default_executor()
    {
        var config = WriteConfig("""{ "defaultExecutor": "firecracker" }""");

        var run = await InvokeAsync("--config", config, "doctor");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[FAIL] executor firecracker", run.Stdout);
        Assert.Contains("fix:", run.Stdout);
    }

    [Fact]
    public async Task A_validator_whose_settings_do_not_fit_refuses_runs_and_doctor_says_where_to_fix_it()
    {
        var config = WriteConfig("""{ "defaultExecutor": "fake", "validators": { "python": { "severity": { "PY0001": "loud" } } } }""");

        var run = await InvokeAsync("--config", config, "run", "--", "python3", "-c", "pass");
        var doctor = await InvokeAsync("--config", config, "doctor");

        Assert.Equal(ExitCodes.FrameworkError, run.ExitCode);
        Assert.Contains("Validator 'python' could not be loaded: its settings do not fit: validators.python.severity.PY0001: 'loud' is not one of error, warning, info, none", run.Stderr);
        Assert.Equal(1, doctor.ExitCode);
        Assert.Contains($"fix: correct its settings in {config}", doctor.Stdout);
        Assert.Contains("[FAIL] runs: refused: validator 'python' did not load", doctor.Stdout);
    }

    [Fact]
    public async Task A_validator_turned_off_may_have_settings_that_do_not_fit()
    {
        var config = WriteConfig("""{ "defaultExecutor": "fake", "validators": { "python": { "enabled": false, "severity": { "PY0001": "loud" } } } }""");

        var run = await InvokeAsync("--config", config, "run", "--", "echo", "ran");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ran\n", run.Stdout);
    }
}
