using System.Diagnostics;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>Limits hold: memory, processes, time, output volume, /tmp size.</summary>
public abstract class ContainerLimitTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_memory_bomb_is_OOM_killed_with_exit_137()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("python3", "-c", "chunks = []\nwhile True: chunks.append(bytearray(8 * 1024 * 1024))")
            with { Limits = ResourceLimits.Default with { MemoryBytes = 64L * 1024 * 1024 } };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.OomKilled, $"exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.Equal(137, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_fork_bomb_is_contained_by_the_pids_limit()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        const string bomb = """
            import os, time
            children = []
            try:
                while len(children) < 2000:
                    pid = os.fork()
                    if pid == 0:
                        time.sleep(60)
                        os._exit(0)
                    children.append(pid)
                print('not contained', len(children))
            except OSError as e:
                print('contained after', len(children), e.strerror)
            for pid in children:
                os.kill(pid, 9)
            """;
        var request = TestEngine<TTarget>.Request("python3", "-c", bomb) with { Limits = ResourceLimits.Default with { Pids = 32 } };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.StartsWith("contained after", result.Stdout, StringComparison.Ordinal);
        var forked = int.Parse(result.Stdout.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(forked, 1, 31);
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_and_its_container_removed()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("sleep", "600") with { Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromSeconds(2) } };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.TimedOut);
        Assert.False(result.OomKilled);
        Assert.False(result.Succeeded);
        Assert.True(result.CleanupSucceeded);
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Fact]
    public async Task A_200_MB_output_flood_is_truncated_and_host_memory_stays_bounded()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        const int megabytes = 200;
        var request = TestEngine<TTarget>.Request("python3", "-c",
            $"import sys\nline = b'x' * 1023 + b'\\n'\nfor _ in range({megabytes} * 1024): sys.stdout.buffer.write(line)\nsys.stderr.write('done')")
            with { Limits = ResourceLimits.Default with { OutputBytes = 64 * 1024, Timeout = TimeSpan.FromMinutes(3) } };
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;

        var result = await executor.ExecuteAsync(request, Ct);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var workingSetGrowth = Process.GetCurrentProcess().WorkingSet64 - workingSetBefore;
        Assert.True(result.Succeeded, result.Stderr);
        Assert.True(result.StdoutTruncated);
        Assert.False(result.StderrTruncated);
        Assert.Equal("done", result.Stderr);
        Assert.Equal(64 * 1024, result.Stdout.Length);
        // Loose bounds (other tests run in parallel): the flood itself is never buffered.
        Assert.True(allocated < megabytes / 2 * 1024L * 1024, $"allocated {allocated / 1024 / 1024} MiB while draining {megabytes} MiB");
        Assert.True(workingSetGrowth < megabytes / 2 * 1024L * 1024, $"working set grew {workingSetGrowth / 1024 / 1024} MiB");
    }

    [Fact]
    public async Task Tmp_is_writable_up_to_its_size_and_nothing_in_it_can_be_executed()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        const string script = """
            head -c 4194304 /dev/zero > /tmp/fits && echo fits
            head -c 16777216 /dev/zero > /tmp/too-big 2>/dev/null || echo full
            rm -f /tmp/too-big
            cp /bin/true /tmp/tool && chmod 755 /tmp/tool && { /tmp/tool && echo executed || echo noexec; }
            """;
        var request = TestEngine<TTarget>.Request("sh", "-c", script) with { Limits = ResourceLimits.Default with { TmpfsBytes = 8L * 1024 * 1024 } };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.Equal("fits\nfull\nnoexec\n", result.Stdout);
    }
}
