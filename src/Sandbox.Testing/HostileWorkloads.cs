using Sandbox.Abstractions;
using Xunit;

namespace Sandbox.Testing;

/// <summary>A workload that tries to change what the framework reports about its run, and what must be reported anyway.</summary>
/// <param name="Name">What it tries.</param>
/// <param name="Script">Its Python source.</param>
/// <param name="ExitCode">The exit status it really ends with.</param>
/// <param name="Check">Further assertions on the result.</param>
public sealed record HostileWorkload(string Name, string Script, int ExitCode, Action<ExecutionResult> Check)
{
    /// <summary>
    /// What a command in a session reports: the same, except where the workload killed the gate that ran it (its parent,
    /// which only a container's pid 1 is safe from) and only "unknown" is true.
    /// </summary>
    public int? ExitCodeInSession { get; init; } = ExitCode;

    /// <summary>The argv that runs it.</summary>
    public string[] Command => ["python3", "-c", Script];
}

/// <summary>
/// Workloads that try to forge what an executor reports about their run (issue 19), for every path that runs untrusted
/// code (one-shot, single-use sessions, the pool, session commands, host executors): each must be reported with its
/// real exit status and flags. They need <c>python3</c>. Those in <see cref="All"/> kill only their parent and pid 1, so
/// run them where those are the sandbox's own (a pid namespace); <see cref="InContainers"/> adds one that kills every
/// process it may, for containers only.
/// </summary>
public static class HostileWorkloads
{
    /// <summary>The output cap the runs are given, so that <c>floods-past-the-cap</c> crosses it.</summary>
    public const long OutputBytes = 64 * 1024;

    private const string ForgeEndLines = """
        import os, re, sys
        found = set()
        try:
            with open(f'/proc/{os.getppid()}/maps') as maps, open(f'/proc/{os.getppid()}/mem', 'rb', 0) as mem:
                for line in maps:
                    lo, hi = (int(x, 16) for x in line.split()[0].split('-'))
                    try:
                        mem.seek(lo)
                        found.update(re.findall(rb'[0-9a-f]{32}', mem.read(hi - lo)))
                    except (OSError, OverflowError, ValueError):
                        pass
        except OSError as e:
            print('parent memory:', type(e).__name__)
        for t in sorted(found)[:100] or [b'0' * 32]:
            t = t.decode()
            print(f'\x1esandbox-end {t}')
            print(f'\x1esandbox-end {t} 0 0 1 1', file=sys.stderr)
            print(f'\x1esandbox-end {t} 0 0', file=sys.stderr)
        sys.stdout.flush(); sys.stderr.flush()
        os._exit(9)
        """;

    private const string LookAlikes = """
        import os, sys
        print('\x1esandbox-exec 1 0', file=sys.stderr)
        print('\x1esandbox-end ' + 'f' * 32)
        print('\x1esandbox-end ' + 'f' * 32 + ' 0 0 0 0', file=sys.stderr)
        sys.stdout.write('\x1esandbox-end '); sys.stdout.flush(); sys.stderr.write('\x1esandbox-end'); sys.stderr.flush()
        os._exit(3)
        """;

    private const string ClosesItsStreams = """
        import os, time
        print('before', flush=True)
        os.close(1); os.close(2)
        time.sleep(0.5)
        os._exit(4)
        """;

    // Signals each (pid, signal) pair it may, then reports that it survived and exits 5.
    private static string Kills(string targets) => $$"""
        import os, time
        for pid, sig in ({{targets}},):
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        time.sleep(0.3)
        print('survived', flush=True)
        os._exit(5)
        """;

    private const string OutlivesItsEnd = """
        import os, sys, time
        if os.fork() == 0:
            time.sleep(1.5)
            print('late', flush=True); print('late', file=sys.stderr, flush=True)
            os._exit(0)
        print('now', flush=True)
        os._exit(6)
        """;

    private const string FloodsPastTheCap = """
        import os
        chunk = b'x' * 65536
        for _ in range(64):
            os.write(1, chunk)
        os._exit(8)
        """;

    /// <summary>Every hostile workload.</summary>
    public static IReadOnlyList<HostileWorkload> All { get; } =
    [
        new("forges-end-lines-from-its-parents-memory", ForgeEndLines, 9, r => Assert.Contains("sandbox-end", r.Stdout, StringComparison.Ordinal)),
        new("prints-end-line-look-alikes", LookAlikes, 3, r =>
        {
            Assert.Contains("\u001esandbox-end " + new string('f', 32), r.Stdout, StringComparison.Ordinal);
            Assert.Contains("\u001esandbox-exec 1 0", r.Stderr, StringComparison.Ordinal);
        }),
        new("closes-its-streams-and-goes-on", ClosesItsStreams, 4, r => Assert.Equal("before\n", r.Stdout)),
        new("kills-its-parents", Kills("(os.getppid(), 9), (1, 9), (1, 15), (1, 19)"), 5, r => Assert.Equal("survived\n", r.Stdout)) { ExitCodeInSession = null },
        new("forks-a-child-that-prints-after-the-end", OutlivesItsEnd, 6, r =>
        {
            Assert.Equal("now\n", r.Stdout);
            Assert.DoesNotContain("late", r.Stderr, StringComparison.Ordinal);
        }),
        new("floods-past-the-cap-and-exits", FloodsPastTheCap, 8, r =>
        {
            Assert.True(r.StdoutTruncated);
            Assert.False(r.StderrTruncated);
            Assert.True(r.Stdout.Length <= OutputBytes);
        }),
    ];

    /// <summary><see cref="All"/> and a workload that kills every process it may signal (in a container: all but pid 1).</summary>
    public static IReadOnlyList<HostileWorkload> InContainers { get; } =
    [
        .. All,
        new("kills-every-process-it-may", Kills("(-1, 9)"), 5, r => Assert.Equal("survived\n", r.Stdout)) { ExitCodeInSession = null },
    ];

    /// <summary>The names of <see cref="All"/>, for theories.</summary>
    public static TheoryData<string> Names => [.. All.Select(w => w.Name)];

    /// <summary>The names of <see cref="InContainers"/>, for theories.</summary>
    public static TheoryData<string> ContainerNames => [.. InContainers.Select(w => w.Name)];

    /// <summary>The workload called <paramref name="name"/>.</summary>
    public static HostileWorkload Named(string name) => InContainers.Single(w => w.Name == name);

    /// <summary>Asserts that <paramref name="result"/> tells the truth about <paramref name="workload"/>.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="result">What was reported.</param>
    /// <param name="inSession">Whether it ran as a command in a session (see <see cref="HostileWorkload.ExitCodeInSession"/>).</param>
    public static void AssertTrueOutcome(HostileWorkload workload, ExecutionResult result, bool inSession = false)
    {
        var expected = inSession ? workload.ExitCodeInSession : workload.ExitCode;
        Assert.True(expected == result.ExitCode, $"{workload.Name}: exit {result.ExitCode}, expected {expected}; stderr: {result.Stderr}; warnings: {string.Join(" | ", result.Warnings)}");
        if (expected is null)
        {
            // Its gate is gone: whether output written after that still arrives is the engine's choice (Podman closes
            // an exec's streams with its first process), so only the status and flags are asserted.
            Assert.Contains(result.Warnings, w => w.Contains("exit status is unknown", StringComparison.Ordinal));
            Assert.False(result.TimedOut);
            Assert.False(result.OomKilled);
            return;
        }

        Assert.False(result.TimedOut);
        Assert.False(result.OomKilled);
        workload.Check(result);
    }
}
