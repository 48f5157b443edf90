using System.Text;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Single-use sessions (a warm pool's sandboxes): the waiting container becomes the one command, with a one-shot run's
/// result, and is gone after disposal whatever happened.
/// </summary>
public abstract class ContainerSingleUseSessionTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_command_runs_without_an_exec_with_its_arguments_verbatim_and_its_stdin()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync();
        string[] awkward = ["it's", "two\nlines", "$HOME", "`id`", " spaced ", "\"quoted\"", ";", ""];

        var result = await session.ExecAsync(SessionCommand.For(["python3", "-c", "import sys; print('|'.join(sys.argv[1:])); print(sys.stdin.read(), end=''); sys.exit(7)", .. awkward]) with
        {
            StandardInput = Encoding.UTF8.GetBytes("first\nsecond"),
        }, Ct);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(string.Join('|', awkward) + "\nfirst\nsecond", result.Stdout);
        Assert.Empty(result.Stderr);
        Assert.DoesNotContain(result.Phases, p => p.Name is "exec-create" or "start");
        Assert.Equal(TTarget.Dialect.Name, result.Executor);
    }

    [Fact]
    public async Task A_second_command_is_refused_and_disposal_leaves_nothing()
    {
        var session = await TestEngine<TTarget>.SingleUseSessionAsync();
        var id = session.Id;
        await using (session)
        {
            var first = await session.ExecAsync(SessionCommand.For("sh", "-c", "echo out; echo err >&2; cat"), Ct);

            Assert.Equal(0, first.ExitCode);
            Assert.Equal("out\n", first.Stdout);
            Assert.Equal("err\n", first.Stderr);
            await Assert.ThrowsAsync<InvalidOperationException>(() => session.ExecAsync(SessionCommand.For("true"), Ct));
        }

        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.Session, id));
        Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.Session, id));
    }

    [Fact]
    public async Task Files_go_in_before_the_command_and_come_out_after_it()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync();
        await session.CopyInAsync([SandboxFile.FromText("src/app.py", "open('out.txt', 'w').write('made')\nprint('ran')")], Ct);

        var result = await session.ExecAsync(SessionCommand.For("python3", "src/app.py"), Ct);
        var collected = await session.CollectAsync(["out.txt"], Ct);

        Assert.Equal("ran\n", result.Stdout);
        Assert.Equal("made", Encoding.UTF8.GetString(Assert.Single(collected.Files).Content.Span));
    }

    [Fact]
    public async Task Environment_and_working_directory_can_be_set_for_the_command()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync(s => s with { Environment = new Dictionary<string, string> { ["BASE"] = "base" } });
        await session.CopyInAsync([SandboxFile.FromText("sub/marker", "")], Ct);

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "echo \"$BASE|$EXTRA|$(pwd)\"") with
        {
            Environment = new Dictionary<string, string> { ["EXTRA"] = "it's extra" },
            WorkingDirectory = "sub",
        }, Ct);

        Assert.Equal("base|it's extra|/workspace/sub\n", result.Stdout);
    }

    [Fact]
    public async Task A_timeout_kills_the_command()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync();

        var result = await session.ExecAsync(SessionCommand.For("sleep", "30") with { Timeout = TimeSpan.FromSeconds(1) }, Ct);

        Assert.True(result.TimedOut);
        Assert.Equal(137, result.ExitCode);
        Assert.False(result.OomKilled);
    }

    [Fact]
    public async Task Without_standard_input_the_command_reads_end_of_file()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync();

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "cat; echo done"), Ct);

        Assert.Equal("done\n", result.Stdout);
    }

    [Fact]
    public async Task A_missing_program_is_a_failed_command_not_a_hang()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync();

        var result = await session.ExecAsync(SessionCommand.For("no-such-program-here") with { Timeout = TimeSpan.FromSeconds(20) }, Ct);

        Assert.Equal(127, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains("no-such-program-here", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_result_ends_with_the_command_not_with_its_background_processes()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync();

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "(sleep 3; echo late; echo late >&2) & echo now"), Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("now\n", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Exceeding_the_memory_limit_is_reported_as_an_OOM_kill()
    {
        await using var session = await TestEngine<TTarget>.SingleUseSessionAsync(s => s with { Limits = s.Limits with { MemoryBytes = 64L * 1024 * 1024 } });

        var result = await session.ExecAsync(SessionCommand.For("python3", "-c", "b = bytearray(512 * 1024 * 1024); print(len(b))"), Ct);

        Assert.Equal(137, result.ExitCode);
        Assert.True(result.OomKilled);
        Assert.False(result.TimedOut);
    }
}
