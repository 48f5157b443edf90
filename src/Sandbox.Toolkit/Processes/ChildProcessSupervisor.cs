using System.Diagnostics;

namespace Sandbox.Toolkit;

/// <summary>
/// The lifetime of a started child process as an executor must run it: stdin fed then closed, stdout and stderr
/// drained into capped captures, the process stopped at the timeout or on cancellation, and every process of the run
/// killed once the main one ends (as a container's processes end with its init). <see cref="ChildProcessRunner"/> is
/// built on it; an executor that starts its processes in its own way (a dedicated thread, a special clone) uses it
/// directly.
/// </summary>
public static class ChildProcessSupervisor
{
    // Once the run's processes are killed the pipes close at once; only an escaped process can hold them open, and the
    // run must not wait for it forever.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Supervises <paramref name="process"/> (started with all three standard streams redirected) until it ends.</summary>
    /// <param name="process">The started process; the caller disposes it.</param>
    /// <param name="stdin">Bytes for standard input, then closed.</param>
    /// <param name="stdout">Capture for standard output; completed on return.</param>
    /// <param name="stderr">Capture for standard error; completed on return.</param>
    /// <param name="timeout">Wall-clock limit, or <c>null</c>.</param>
    /// <param name="killTree">Kills every process of the run; called once the main process ended or was stopped.</param>
    /// <param name="cancellationToken">Stops the run; the outcome says so (no exception), so the caller can clean up first.</param>
    public static async Task<ChildProcessEnd> SuperviseAsync(Process process, ReadOnlyMemory<byte>? stdin, OutputCapture stdout, OutputCapture stderr,
        TimeSpan? timeout, Func<Process, Task> killTree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(killTree);
        var pumps = Task.WhenAll(stdout.CopyFromAsync(process.StandardOutput.BaseStream), stderr.CopyFromAsync(process.StandardError.BaseStream));
        var feed = FeedAsync(process.StandardInput.BaseStream, stdin);

        using var deadline = timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // ForceYielding: a caller may cancel from its OnOutput callback, which runs on a pump; continuing inline there
        // would make the pump wait for itself below.
        await process.WaitForExitAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var stopped = !process.HasExited;
        var cancelled = stopped && cancellationToken.IsCancellationRequested;

        await killTree(process).ConfigureAwait(false);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        var drained = await Task.WhenAny(pumps, Task.Delay(DrainTimeout, CancellationToken.None)).ConfigureAwait(false) == pumps;
        if (!drained)
        {
            process.StandardOutput.Close();
            process.StandardError.Close();
        }

        await ObserveAsync(pumps).ConfigureAwait(false);
        await ObserveAsync(feed).ConfigureAwait(false);
        stdout.Complete();
        stderr.Complete();
        return new ChildProcessEnd(process.ExitCode, stopped && !cancelled, cancelled, drained);
    }

    private static async Task FeedAsync(Stream stdin, ReadOnlyMemory<byte>? bytes)
    {
        try
        {
            if (bytes is { Length: > 0 } data) await stdin.WriteAsync(data).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A workload that exits without reading its input closes the pipe: EPIPE is expected then.
        }
        finally
        {
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
    private static async Task ObserveAsync(Task task)
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
