using System.Text;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>What a run returns: exit codes, separated streams, stdin, environment, files in and out.</summary>
public abstract class ContainerRunTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hello_world_runs_and_the_container_is_removed()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("python3", "-c", "print('hello world')");

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal("hello world\n", result.Stdout);
        Assert.Equal(TTarget.Dialect.Name, result.Executor);
        Assert.True(result.CleanupSucceeded);
        Assert.NotNull(result.SandboxId);
        Assert.Contains(result.Phases, p => p.Name == "start");
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(255)]
    public async Task The_exit_code_is_reported_as_a_result(int code)
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("sh", "-c", $"exit {code}"), Ct);

        Assert.Equal(code, result.ExitCode);
        Assert.Null(result.Error);
        Assert.False(result.TimedOut);
        Assert.False(result.OomKilled);
    }

    [Fact]
    public async Task Stdout_and_stderr_are_kept_apart()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var lines = new List<OutputLine>();
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2") with { OnOutput = l => { lock (lines) lines.Add(l); } };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.Equal("out1\nout2\n", result.Stdout);
        Assert.Equal("err1\nerr2\n", result.Stderr);
        Assert.Contains(new OutputLine(OutputStream.Stderr, "err2"), lines);
        Assert.Contains(new OutputLine(OutputStream.Stdout, "out1"), lines);
    }

    [Fact]
    public async Task Stdin_is_delivered_and_then_closed()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("python3", "-c", "import sys; data = sys.stdin.read(); print(len(data), data.upper())")
            with { StandardInput = Encoding.UTF8.GetBytes("hello\nstdin") };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal("11 HELLO\nSTDIN\n", result.Stdout);
    }

    [Fact]
    public async Task Stdin_the_command_never_reads_does_not_hold_up_the_run()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("sh", "-c", "exit 3") with { StandardInput = new byte[8 * 1024 * 1024] };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("did not close", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_stdin_the_command_reads_end_of_file()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("python3", "-c", "import sys; print(repr(sys.stdin.read()))"), Ct);

        Assert.Equal("''\n", result.Stdout);
    }

    [Fact]
    public async Task Only_the_requested_environment_reaches_the_command()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        Environment.SetEnvironmentVariable("SANDBOX_TEST_HOST_ONLY", "leaked");
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo \"$GREETING|${SANDBOX_TEST_HOST_ONLY:-absent}|$(pwd)\"")
            with { Environment = new Dictionary<string, string> { ["GREETING"] = "hi there" } };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.Equal("hi there|absent|/workspace\n", result.Stdout);
    }

    [Fact]
    public async Task Files_go_in_and_outputs_come_out_inside_and_outside_the_working_directory()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        const string script = """
            import json, os
            data = json.load(open('data/input.json'))
            os.makedirs('out/nested', exist_ok=True)
            json.dump({'sum': sum(data['numbers'])}, open('out/result.json', 'w'))
            open('out/nested/deep.txt', 'w').write('deep')
            open('/results/report.txt', 'w').write('report by ' + str(os.getuid()))
            open('scratch.txt', 'w').write('the working directory is writable')
            print(oct(os.stat('handler.py').st_mode & 0o777), os.access('data/input.json', os.W_OK))
            """;
        var request = TestEngine<TTarget>.Request("python3", "handler.py") with
        {
            Files = [SandboxFile.FromText("handler.py", script, 0x1ED), SandboxFile.FromText("data/input.json", """{"numbers": [1, 2, 3]}""")],
            OutputPaths = ["out", "/results/report.txt"],
        };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal("0o755 True\n", result.Stdout);
        var files = result.OutputFiles.ToDictionary(f => f.RelativePath, f => Encoding.UTF8.GetString(f.Content.Span));
        Assert.Equal("""{"sum": 6}""", files["out/result.json"]);
        Assert.Equal("deep", files["out/nested/deep.txt"]);
        Assert.Equal("report by 65534", files["report.txt"]);
        Assert.Equal("/workspace/out/result.json", result.OutputFiles.Single(f => f.RelativePath == "out/result.json").SandboxPath);
        Assert.Empty(result.Warnings);
        Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Fact]
    public async Task A_missing_output_path_is_a_warning_not_a_failure()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("true") with { OutputPaths = ["never-written.txt"] };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded);
        Assert.Empty(result.OutputFiles);
        Assert.Contains(result.Warnings, w => w.Contains("never-written.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collected_files_are_capped_in_total()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("sh", "-c", "mkdir out && head -c 3000 /dev/zero > out/a && head -c 3000 /dev/zero > out/b") with
        {
            OutputPaths = ["out"],
            Limits = ResourceLimits.Default with { CollectedFilesBytes = 4000 },
        };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.Single(result.OutputFiles);
        Assert.Contains(result.Warnings, w => w.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stats_report_cpu_time_and_peak_memory_of_a_longer_run()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        // CPU time, not wall time, so a busy machine cannot starve the figure below what the test asks of it.
        const string work = "import time\nblock = bytearray(48 * 1024 * 1024)\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass";

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("python3", "-c", work), Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.True(result.Stats.PeakMemoryBytes >= 40L * 1024 * 1024, $"peak {result.Stats.PeakMemoryBytes}");
        Assert.True(result.Stats.CpuTime > TimeSpan.FromMilliseconds(200), $"cpu {result.Stats.CpuTime}");
    }
}
