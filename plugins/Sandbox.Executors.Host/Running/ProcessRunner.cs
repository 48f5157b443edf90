using System.Diagnostics;
using Sandbox.Abstractions;

namespace Sandbox.Executors.Host.Running;

/// <summary>
/// Runs the wrapper process: feeds stdin, drains stdout and stderr into capped captures, enforces the timeout and
/// cancellation, and always kills what is left of the tree once the main process ends (as a container's processes
/// end with its init).
/// </summary>
internal static class ProcessRunner
{
    // After the tree is killed the pipes close at once; only a process that escaped every kill mechanism (possible
    // without namespaces or cgroups) can hold them open, and the run must not wait for it forever.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="info"/> to completion.</summary>
    /// <param name="info">The wrapper to start (stdio redirected).</param>
    /// <param name="stdin">Bytes for standard input, then closed.</param>
    /// <param name="stdout">Capture for standard output.</param>
    /// <param name="stderr">Capture for standard error.</param>
    /// <param name="timeout">Wall-clock limit, or <c>null</c>.</param>
    /// <param name="killTree">Kills every process of the run (called after the main process ends or on timeout/cancel).</param>
    /// <param name="cancellationToken">Cancels the run; the tree is killed and the outcome says so (no exception).</param>
    public static async Task<ProcessOutcome> RunAsync(ProcessStartInfo info, ReadOnlyMemory<byte>? stdin, OutputCapture stdout, OutputCapture stderr,
        TimeSpan? timeout, Func<Process, Task> killTree, CancellationToken cancellationToken)
    {
        using var process = await SpawnThread.StartAsync(info).ConfigureAwait(false);
        var pumps = Task.WhenAll(
            stdout.CopyFromAsync(process.StandardOutput.BaseStream),
            stderr.CopyFromAsync(process.StandardError.BaseStream));
        var feed = FeedAsync(process.StandardInput.BaseStream, stdin);

        using var deadline = timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // ForceYielding: a caller may cancel from its OnOutput callback, which runs on a pump; continuing inline there
        // would make the pump wait for itself below.
        await process.WaitForExitAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var stopped = !process.HasExited;
        var cancelled = stopped && cancellationToken.IsCancellationRequested;
        var timedOut = stopped && !cancelled;

        await killTree(process).ConfigureAwait(false);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);

        var drained = await Task.WhenAny(pumps, Task.Delay(DrainTimeout, CancellationToken.None)).ConfigureAwait(false) == pumps;
        if (!drained)
        {
            process.StandardOutput.Close();
            process.StandardError.Close();
        }

        await Observe(pumps).ConfigureAwait(false);
        await Observe(feed).ConfigureAwait(false);
        stdout.Complete();
        stderr.Complete();
        return new ProcessOutcome(process.ExitCode, timedOut, cancelled, process.Id, drained);
    }

    private static async Task FeedAsync(Stream stdin, ReadOnlyMemory<byte>? bytes)
    {
        try
        {
            if (bytes is { Length: > 0 } data) await stdin.WriteAsync(data).ConfigureAwait(false);
        }
        finally
        {
            // A workload that exits without reading its input closes the pipe: EPIPE is expected then, not an error.
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }

    // Pipe errors after a kill (or after closing a held-open pipe) are expected; the outcome already says what happened.
    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
