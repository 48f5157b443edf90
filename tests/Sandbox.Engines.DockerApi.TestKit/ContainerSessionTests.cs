using System.Text;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>Sessions: several commands in one sandbox, each with a one-shot run's result shape.</summary>
public abstract class ContainerSessionTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_command_gives_the_one_shot_result_shape_and_streams_its_output()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();
        var lines = new List<OutputLine>();

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "echo out1; echo err1 >&2; echo out2; exit 42") with { OnOutput = l => { lock (lines) lines.Add(l); } }, Ct);

        Assert.Equal(42, result.ExitCode);
        Assert.Equal("out1\nout2\n", result.Stdout);
        Assert.Equal("err1\n", result.Stderr);
        Assert.False(result.TimedOut || result.OomKilled || result.StdoutTruncated);
        Assert.Equal(TTarget.Dialect.Name, result.Executor);
        Assert.Contains(result.Phases, p => p.Name == "run");
        Assert.Contains(new OutputLine(OutputStream.Stderr, "err1"), lines);
        Assert.DoesNotContain(lines, l => l.Text.Contains("sandbox-exec", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Files_persist_between_commands_and_go_in_and_out()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Files = [SandboxFile.FromText("src/app.py", "print('v1')")] });

        var first = await session.ExecAsync(SessionCommand.For("sh", "-c", "python3 src/app.py > out.txt && mkdir -p gen && echo made > gen/made.txt"), Ct);
        await session.CopyInAsync([SandboxFile.FromText("src/app.py", "print('v2')"), SandboxFile.FromText("/workspace/new/added.txt", "added")], Ct);
        var second = await session.ExecAsync(SessionCommand.For("sh", "-c", "cat out.txt; python3 src/app.py; cat new/added.txt; id -u; stat -c %u src/app.py"), Ct);
        var collected = await session.CopyOutAsync(["gen", "out.txt"], Ct);
        await session.DeleteAsync(["gen", "new/added.txt"], Ct);
        var third = await session.ExecAsync(SessionCommand.For("sh", "-c", "ls"), Ct);

        Assert.True(first.Succeeded, first.Stderr);
        Assert.Equal("v1\nv2\nadded65534\n65534\n", second.Stdout.Replace("added\n", "added", StringComparison.Ordinal));
        Assert.Equal(["gen/made.txt", "out.txt"], collected.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal("made\n", Encoding.UTF8.GetString(collected.Single(f => f.RelativePath == "gen/made.txt").Content.Span));
        Assert.Equal("new\nout.txt\nsrc\n", third.Stdout);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/tmp/x")]
    [InlineData("/etc/passwd")]
    public async Task Copying_in_outside_the_writable_directories_is_refused(string path)
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();

        await Assert.ThrowsAsync<InvalidRequestException>(() => session.CopyInAsync([SandboxFile.FromText(path, "x")], Ct));
    }

    [Fact]
    public async Task Deleting_refuses_the_working_directory_and_never_follows_links()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Files = [SandboxFile.FromText("keep/file.txt", "kept")] });
        await session.ExecAsync(SessionCommand.For("ln", "-s", "/workspace/keep", "link"), Ct);

        await Assert.ThrowsAsync<InvalidRequestException>(() => session.DeleteAsync(["."], Ct));
        await Assert.ThrowsAsync<InvalidRequestException>(() => session.DeleteAsync(["../workspace/keep"], Ct));
        await session.DeleteAsync(["link"], Ct);
        var after = await session.ExecAsync(SessionCommand.For("sh", "-c", "ls; cat keep/file.txt"), Ct);

        Assert.Equal("keep\nkept", after.Stdout);
    }

    [Fact]
    public async Task Stdin_environment_and_working_directory_apply_per_command()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Environment = new Dictionary<string, string> { ["BASE"] = "base", ["OVERRIDDEN"] = "old" } });
        await session.ExecAsync(SessionCommand.For("mkdir", "sub"), Ct);

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "read line; echo \"$line|$BASE|$OVERRIDDEN|$(pwd)\"") with
        {
            StandardInput = Encoding.UTF8.GetBytes("from stdin\n"),
            Environment = new Dictionary<string, string> { ["OVERRIDDEN"] = "new" },
            WorkingDirectory = "sub",
        }, Ct);
        var noStdin = await session.ExecAsync(SessionCommand.For("python3", "-c", "import sys; print(repr(sys.stdin.read()))"), Ct);

        Assert.Equal("from stdin|base|new|/workspace/sub\n", result.Stdout);
        Assert.Equal("''\n", noStdin.Stdout);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_the_session_survives()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();
        // A background grandchild, a double-forked orphan and one that moved to its own process group.
        const string tree = "sleep 300 & echo $! > pids; (sleep 301 & echo $! >> pids); python3 -c 'import os,time; os.setpgid(0,0); time.sleep(302)' & echo $! >> pids; echo started; sleep 303";

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", tree) with { Timeout = TimeSpan.FromSeconds(3) }, Ct);
        var survivors = await session.ExecAsync(SessionCommand.For("sh", "-c", "wc -l < pids; for p in $(cat pids); do " + Running("$p") + " && echo alive $p; done; echo checked"), Ct);

        Assert.True(result.TimedOut);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal("started\n", result.Stdout);
        Assert.Equal("3\nchecked\n", survivors.Stdout);
    }

    [Fact]
    public async Task A_fork_bomb_that_times_out_is_killed_and_the_session_survives()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Limits = s.Limits with { Pids = 32 } });
        const string bomb = "import os, time\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)";

        var result = await session.ExecAsync(SessionCommand.For("python3", "-c", bomb) with { Timeout = TimeSpan.FromSeconds(2) }, Ct);
        var after = await session.ExecAsync(SessionCommand.For("echo", "still here"), Ct);

        Assert.True(result.TimedOut);
        Assert.Equal("still here\n", after.Stdout);
    }

    [Fact]
    public async Task A_command_with_no_room_left_under_the_pids_limit_is_reported_as_not_started()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Limits = s.Limits with { Pids = 16 } });
        // Leaves the session one process short of its limit once this command and its gate are gone: it forks sleepers
        // until the limit refuses, frees one slot for a waiter, and the waiter takes another when its parent has exited.
        const string fill = """
            import os, signal, time
            def sleeper():
                # Until it fits: the test's next command may hold a slot for a moment.
                while True:
                    try:
                        if os.fork() == 0:
                            time.sleep(300)
                            os._exit(0)
                        return
                    except OSError:
                        time.sleep(0.01)
            kids = []
            while True:
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(300)
                    os._exit(0)
                kids.append(pid)
            os.kill(kids.pop(), signal.SIGKILL)
            os.waitpid(-1, 0)
            if os.fork() == 0:
                parent = os.getppid()
                while os.getppid() == parent:
                    pass
                sleeper()
                time.sleep(300)
                os._exit(0)
            print("filled")
            """;

        var filled = await session.ExecAsync(SessionCommand.For("python3", "-c", fill), Ct);
        // A command that comes before the waiter took its slot still fits; one after it cannot.
        ExecutionResult starved;
        var attempts = 0;
        do starved = await session.ExecAsync(SessionCommand.For("echo", "never printed"), Ct);
        while (starved.ExitCode is not null && ++attempts < 20);

        Assert.Equal("filled\n", filled.Stdout);
        Assert.Null(starved.ExitCode);
        Assert.Contains(starved.Warnings, w => w.StartsWith("The command did not start", StringComparison.Ordinal));
        // Why, in the output: the gate's message (it started but could not fork), or the engine's where its exec could not
        // start even the gate (runc and Podman's conmon need a process or two of their own in the container meanwhile).
        Assert.Matches("sandbox-gate: cannot start echo: fork: |OCI runtime exec failed|^Error: ", starved.Stdout + starved.Stderr);
        Assert.DoesNotContain("never printed", starved.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_command_kills_it_and_the_session_survives()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // The pid and its start time: a pid alone could name a new process after a restart.
        var command = SessionCommand.For("sh", "-c", "echo $$ $(cut -d' ' -f22 /proc/$$/stat) > pid; echo ready; sleep 300") with { OnOutput = l => { if (l.Text == "ready") cancellation.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.ExecAsync(command, cancellation.Token));
        var check = await session.ExecAsync(SessionCommand.For("sh", "-c", "read p t < pid; " + Running("$p") + " && [ \"$(cut -d' ' -f22 /proc/$p/stat)\" = \"$t\" ] && echo alive || echo gone"), Ct);

        Assert.Equal("gone\n", check.Stdout);
    }

    [Fact]
    public async Task Output_is_capped_per_command()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' a; echo; head -c 10 /dev/zero | tr '\\0' b >&2") with { OutputBytes = 1000 }, Ct);

        Assert.True(result.StdoutTruncated);
        Assert.False(result.StderrTruncated);
        Assert.Equal(1000, result.Stdout.Length);
        Assert.Equal("bbbbbbbbbb", result.Stderr);
    }

    [Fact]
    public async Task A_memory_bomb_is_reported_as_OOM_and_the_session_survives()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Limits = s.Limits with { MemoryBytes = 64L * 1024 * 1024 } });

        var bomb = await session.ExecAsync(SessionCommand.For("python3", "-c", "chunks = []\nwhile True: chunks.append(bytearray(8 * 1024 * 1024))"), Ct);
        var killedByHand = await session.ExecAsync(SessionCommand.For("sh", "-c", "kill -9 $$"), Ct);

        Assert.True(bomb.OomKilled, $"exit {bomb.ExitCode}: {bomb.Stderr}");
        Assert.Equal(137, bomb.ExitCode);
        Assert.Equal(137, killedByHand.ExitCode);
        Assert.False(killedByHand.OomKilled);
    }

    [Fact]
    public async Task Stats_report_cpu_memory_pids_and_network()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();
        // Half a second of CPU, not of wall time: on a busy machine a second of wall time can be well under 300 ms of CPU.
        var work = await session.ExecAsync(SessionCommand.For("python3", "-c", "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"), Ct);

        var stats = await session.GetStatsAsync(Ct);

        Assert.True(work.Succeeded, work.Stderr);
        Assert.True(stats.CpuTime > TimeSpan.FromMilliseconds(300), $"cpu {stats.CpuTime}");
        Assert.True(stats.MemoryBytes > 0, $"memory {stats.MemoryBytes}");
        Assert.True(stats.Pids >= 1, $"pids {stats.Pids}");
        Assert.Equal(0, stats.NetworkRxBytes);
        Assert.Equal(0, stats.NetworkTxBytes);
    }

    [Fact]
    public async Task Limits_and_security_hold_for_every_command()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync();

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; touch /root-write 2>&1 | grep -c Read-only"), Ct);

        Assert.Equal("65534\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\n1\n", result.Stdout);
    }

    // A killed process lingers as a zombie until its parent (outside the container, for a command) reaps it.
    private static string Running(string pid) => $"s=$(cut -d' ' -f3 /proc/{pid}/stat 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != Z ]";
}
