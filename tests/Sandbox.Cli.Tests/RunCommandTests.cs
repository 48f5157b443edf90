using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task The_command_output_is_printed_and_its_exit_code_returned()
    {
        var run = await InvokeAsync("run", "--", "echo", "hello", "world");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello world\n", run.Stdout);
    }

    [Fact]
    public async Task A_failing_command_returns_its_own_exit_code_and_stderr()
    {
        var run = await InvokeAsync("run", "--", "fail", "3");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("failing with 3", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_timed_out_run_exits_124()
    {
        var run = await InvokeAsync("run", "--", "timeout");

        Assert.Equal(124, run.ExitCode);
        Assert.Contains("timed out", run.Stderr);
    }

    [Fact]
    public async Task An_oom_killed_run_exits_137()
    {
        var run = await InvokeAsync("run", "--", "oom");

        Assert.Equal(137, run.ExitCode);
        Assert.Contains("memory limit", run.Stderr);
    }

    [Fact]
    public async Task A_rejected_request_exits_126_without_running()
    {
        var run = await InvokeAsync("run", "--", "echo", "forbidden");

        Assert.Equal(126, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("Rejected by validation", run.Stderr);
    }

    [Fact]
    public async Task No_validate_runs_anyway_and_says_so_loudly()
    {
        var run = await InvokeAsync("run", "--no-validate", "--", "echo", "forbidden");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("WARNING: validation was skipped", run.Stderr);
    }

    [Fact]
    public async Task Environment_variables_are_passed_explicitly()
    {
        var run = await InvokeAsync("run", "--env", "GREETING=hi there", "--", "env", "GREETING");

        Assert.Equal("hi there\n", run.Stdout);
    }

    [Fact]
    public async Task Stdin_is_read_from_a_file_or_from_this_process()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "from file", TestContext.Current.CancellationToken);

        var fromFile = await InvokeAsync("run", "--stdin", file, "--", "stdin");
        var fromConsole = await InvokeWithStdinAsync("from console", "run", "--stdin", "-", "--", "stdin");

        Assert.Equal("from file", fromFile.Stdout.TrimEnd());
        Assert.Equal("from console", fromConsole.Stdout.TrimEnd());
    }

    [Fact]
    public async Task Collected_files_are_written_to_the_out_folder()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "sandbox-out-" + Guid.NewGuid().ToString("N"));

        var run = await InvokeAsync("run", "--copy-out", "/out/gen.cs", "--out", outDir, "--", "write", "/out/gen.cs", "class Gen {}");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("class Gen {}", await File.ReadAllTextAsync(Path.Combine(outDir, "gen.cs"), TestContext.Current.CancellationToken));
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_truncated_and_flagged()
    {
        var run = await InvokeAsync("run", "--output-limit", "1k", "--json", "--", "flood", "1000000");

        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("stdoutTruncated").GetBoolean());
        Assert.Equal(1024, json.RootElement.GetProperty("stdout").GetString()!.Length);
    }

    [Theory]
    [InlineData(new[] { "run", "--executor", "nope", "--", "echo" }, "Unknown executor 'nope'")]
    [InlineData(new[] { "run", "--memory", "2gb!", "--", "echo" }, "--memory: '2gb!' is not a size")]
    [InlineData(new[] { "run", "--timeout", "-5s", "--", "echo" }, "--timeout: '-5s' must be greater than zero")]
    [InlineData(new[] { "run", "--cpus", "0", "--", "echo" }, "--cpus: '0' must be a positive number")]
    [InlineData(new[] { "run", "--pids", "1.5", "--", "echo" }, "--pids: '1.5' must be a positive whole number")]
    [InlineData(new[] { "run", "--network", "internet", "--", "echo" }, "--network: 'internet' is not one of")]
    [InlineData(new[] { "run", "--copy-in", "/no/such/file:/x", "--", "echo" }, "'/no/such/file' does not exist")]
    [InlineData(new[] { "run", "--copy-in", "nocolon", "--", "echo" }, "is not HOST:SANDBOXPATH")]
    [InlineData(new[] { "run", "--env", "NOEQUALS", "--", "echo" }, "--env: 'NOEQUALS' is not K=V")]
    [InlineData(new[] { "run", "--stdin", "/no/such/input", "--", "echo" }, "--stdin: file '/no/such/input' does not exist")]
    [InlineData(new[] { "run", "--frobnicate", "--", "echo" }, "--frobnicate")]
    [InlineData(new[] { "run" }, "Required argument 'command' missing")]
    [InlineData(new[] { "run", "--network", "bridge", "--", "echo" }, "cannot enforce: network access")]
    [InlineData(new[] { "run", "--", "engine-down" }, "start it with 'fake-engine --start'")]
    [InlineData(new[] { "run", "--host", "ftp://example.org", "--", "echo" }, "--host: 'ftp://example.org' is not unix:/path or http(s)://host:port")]
    [InlineData(new[] { "run", "--host", "unix:/no/such/sandbox.sock", "--", "echo" }, "The sandbox server at unix:/no/such/sandbox.sock does not answer")]
    [InlineData(new[] { "run", "--host", "unix:/no/such/sandbox.sock", "--", "echo" }, "start it with 'sandbox serve', or pass --no-server.")]
    [InlineData(new[] { "run", "--host", "unix:/no/such/sandbox.sock", "--no-server", "--", "echo" }, "--host: --no-server runs in this process")]
    public async Task Bad_input_exits_125_with_a_one_line_message(string[] args, string message)
    {
        var run = await InvokeAsync(args);

        Assert.Equal(125, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("sandbox: ", run.Stderr);
    }

    [Fact]
    public async Task A_bad_config_file_exits_125_naming_the_key()
    {
        var config = WriteConfig("""{ "defaults": { "memory": "lots" } }""");

        // The file is this process's configuration, read only by an in-process run (a server reads its own).
        var run = await InvokeAsync("--config", config, "--no-server", "run", "--", "echo");

        Assert.Equal(125, run.ExitCode);
        Assert.Contains("defaults.memory: 'lots' is not a size", run.Stderr);
    }

    [Fact]
    public async Task A_real_process_reports_bad_input_without_a_stack_trace()
    {
        var run = await RunProcessAsync("run", "--memory", "2gb!", "--", "echo");

        Assert.Equal(125, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Contains("--memory", run.Stderr);
    }

    [Fact]
    public async Task A_real_process_returns_the_command_exit_code()
    {
        var run = await RunProcessAsync("run", "--", "fail", "42");

        Assert.Equal(42, run.ExitCode);
    }

    [Fact]
    public async Task With_trace_the_runs_span_tree_and_timings_are_printed_on_stderr()
    {
        var run = await RunProcessAsync("run", "--trace", "--", "echo", "traced");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("traced\n", run.Stdout);
        var lines = run.Stderr.Split('\n');
        var root = Assert.Single(lines, l => l.StartsWith("sandbox.run ", StringComparison.Ordinal));
        Assert.Contains(" ms", root);
        Assert.Contains("sandbox.executor=fake", root);
        Assert.Contains("sandbox.outcome=ok", root);
        Assert.Single(lines, l => l.StartsWith("  sandbox.validate ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("  queue ", StringComparison.Ordinal));
    }
}
