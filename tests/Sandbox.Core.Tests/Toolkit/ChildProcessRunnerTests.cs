using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Core.Tests.Toolkit;

/// <summary>The process lifetime every process-based executor shares (ChildProcessRunner on ChildProcessSupervisor).</summary>
public sealed class ChildProcessRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChildProcessSpec Shell(string script) => new()
    {
        Command = ["/bin/sh", "-c", script],
        WorkingDirectory = Path.GetTempPath(),
    };

    [Fact]
    public async Task Stdin_is_fed_and_closed_and_both_streams_are_kept_apart()
    {
        var outcome = await ChildProcessRunner.RunAsync(Shell("cat; echo err >&2; exit 3") with { StandardInput = "in"u8.ToArray() }, Ct);

        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("in", outcome.Stdout);
        Assert.Equal("err\n", outcome.Stderr);
        Assert.False(outcome.TimedOut);
    }

    [Fact]
    public async Task The_timeout_kills_the_process_group_including_background_children()
    {
        var marker = $"3600.{Environment.ProcessId % 1000:D3}{Random.Shared.Next(10000, 99999)}";

        var outcome = await ChildProcessRunner.RunAsync(Shell($"sleep {marker} & sleep {marker}") with { Timeout = TimeSpan.FromMilliseconds(300) }, Ct);

        Assert.True(outcome.TimedOut);
        Assert.Equal(137, outcome.ExitCode);
        Assert.Equal(0, await SurvivorsAsync(marker));
    }

    [Fact]
    public async Task Background_processes_end_with_the_main_process()
    {
        var marker = $"3600.{Environment.ProcessId % 1000:D3}{Random.Shared.Next(10000, 99999)}";

        var outcome = await ChildProcessRunner.RunAsync(Shell($"sleep {marker} > /dev/null 2>&1 & echo started"), Ct);

        Assert.Equal("started\n", outcome.Stdout);
        Assert.Equal(0, await SurvivorsAsync(marker));
    }

    [Fact]
    public async Task Cancelling_kills_the_run_and_throws()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChildProcessRunner.RunAsync(Shell("sleep 30"), cancel.Token));
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_drained_and_flagged()
    {
        var outcome = await ChildProcessRunner.RunAsync(Shell("head -c 1000000 /dev/zero") with { OutputBytes = 1000 }, Ct);

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(outcome.StdoutTruncated);
    }

    // A killed process is gone within moments; this waits for that rather than for a fixed time.
    private static async Task<int> SurvivorsAsync(string marker)
    {
        var count = 0;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            count = Process.GetProcessesByName("sleep").Count(p => ReadCommandLine(p.Id).Contains(marker, StringComparison.Ordinal));
            if (count == 0) return 0;
            await Task.Delay(100, Ct);
        }

        return count;
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }
}
