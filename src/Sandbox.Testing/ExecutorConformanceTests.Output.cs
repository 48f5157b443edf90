using System.Collections.Concurrent;
using Sandbox.Abstractions;
using Xunit;

namespace Sandbox.Testing;

public abstract partial class ExecutorConformanceTests
{
    /// <summary>The command's exit code is the result's exit code, and only 0 counts as success.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    public async Task Exit_code_is_reported(int code)
    {
        var result = await RunAsync(Shell($"exit {code}"));

        Assert.Equal(code, result.ExitCode);
        Assert.Equal(code == 0, result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.Null(result.Error);
    }

    /// <summary>Standard output and standard error are captured separately.</summary>
    [Fact]
    public async Task Stdout_and_stderr_are_captured_separately()
    {
        var result = await RunAsync(Shell("echo to-stdout; echo to-stderr >&2"));

        Assert.Equal("to-stdout\n", result.Stdout);
        Assert.Equal("to-stderr\n", result.Stderr);
        Assert.False(result.StdoutTruncated);
        Assert.False(result.StderrTruncated);
    }

    /// <summary>Lines reach <see cref="ExecutionRequest.OnOutput"/> with the stream they were written to.</summary>
    [Fact]
    public async Task Output_lines_are_streamed_to_the_observer()
    {
        var lines = new ConcurrentQueue<OutputLine>();
        var request = Shell("echo first; echo second >&2; printf unterminated") with { OnOutput = lines.Enqueue };

        await RunAsync(request);

        Assert.Contains(new OutputLine(OutputStream.Stdout, "first"), lines);
        Assert.Contains(new OutputLine(OutputStream.Stderr, "second"), lines);
        Assert.Contains(new OutputLine(OutputStream.Stdout, "unterminated"), lines);
    }

    /// <summary>Output beyond <see cref="ResourceLimits.OutputBytes"/> is dropped and the stream flagged, per stream.</summary>
    [Fact]
    public async Task Output_beyond_the_cap_is_truncated_and_flagged()
    {
        var request = Request("python3", "-c", "import sys; sys.stdout.write('x' * 5000); sys.stderr.write('y' * 10)");
        request = request with { Limits = request.Limits with { OutputBytes = 1000 } };

        var result = await RunAsync(request);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new string('x', 1000), result.Stdout);
        Assert.True(result.StdoutTruncated);
        Assert.Equal(new string('y', 10), result.Stderr);
        Assert.False(result.StderrTruncated);
    }

    /// <summary>A flood far larger than the cap on both streams is drained (the command is not blocked) and kept bounded.</summary>
    [Fact]
    public async Task A_large_output_flood_is_drained_and_kept_bounded()
    {
        const int cap = 64 * 1024;
        var request = Request("python3", "-c",
            "import os\nchunk = b'z' * 65536\nfor _ in range(512):\n    os.write(1, chunk)\n    os.write(2, chunk)\n");
        request = request with { Limits = request.Limits with { OutputBytes = cap } };

        var result = await RunAsync(request);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.True(result.StdoutTruncated);
        Assert.True(result.StderrTruncated);
        Assert.Equal(cap, result.Stdout.Length);
        Assert.Equal(cap, result.Stderr.Length);
    }

    /// <summary><see cref="ExecutionRequest.StandardInput"/> is the command's standard input, then end of file.</summary>
    [Fact]
    public async Task Standard_input_is_passed_to_the_command()
    {
        var request = Request("cat") with { StandardInput = "line one\nline two\n"u8.ToArray() };

        var result = await RunAsync(request);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("line one\nline two\n", result.Stdout);
    }

    /// <summary>Without standard input the command reads end of file at once instead of waiting.</summary>
    [Fact]
    public async Task Without_standard_input_the_command_reads_end_of_file()
    {
        var request = Request("cat");
        request = request with { Limits = request.Limits with { Timeout = TimeSpan.FromSeconds(20) } };

        var result = await RunAsync(request);

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }
}
