using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Executors.Host.Running;

/// <summary>
/// Runs the wrapper process: feeds stdin, drains stdout and stderr into capped captures, enforces the timeout and
/// cancellation, and always kills what is left of the tree once the main process ends (as a container's processes
/// end with its init).
/// </summary>
internal static class ProcessRunner
{
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
        // Started from a dedicated thread (see SpawnThread); supervised like any executor's child process.
        using var process = await SpawnThread.StartAsync(info).ConfigureAwait(false);
        var end = await ChildProcessSupervisor.SuperviseAsync(process, stdin, stdout, stderr, timeout, killTree, cancellationToken).ConfigureAwait(false);
        return new ProcessOutcome(end.ExitCode, end.TimedOut, end.Cancelled, process.Id, end.OutputDrained);
    }
}
