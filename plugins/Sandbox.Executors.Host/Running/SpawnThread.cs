using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sandbox.Executors.Host.Running;

/// <summary>
/// Starts processes from one dedicated thread that lives as long as the host process.
/// </summary>
/// <remarks>
/// bubblewrap's <c>--die-with-parent</c> uses PR_SET_PDEATHSIG, which fires when the *thread* that forked the child
/// exits, not the process. Process.Start forks on the calling thread, and thread-pool threads retire when idle, so a
/// sandbox started from one could be killed mid-run for no reason. Forking from a thread that never exits keeps the
/// signal for what it is meant for: the host process dying.
/// </remarks>
internal static class SpawnThread
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Queue = new();

    static SpawnThread()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "sandbox-host-spawner" };
        thread.Start();
    }

    /// <summary>Starts <paramref name="info"/> on the spawner thread.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((info, started));
        return started.Task;
    }

    private static void Loop()
    {
        foreach (var (info, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start"));
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
