using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sandbox.Abstractions;

/// <summary>
/// Runs a command line the way an executor must: in its own session and process group (through <c>setsid</c> when it
/// is installed), with capped and streamed output, stdin fed then closed, and the whole group killed when the timeout
/// expires, when the caller cancels, and when the main process ends (as a container's processes end with its init).
/// Executors that wrap an isolation tool (firejail, bubblewrap, nsjail, ...) build the argv and call
/// <see cref="RunAsync"/>; the tool provides the isolation, this provides the lifetime.
/// </summary>
/// <remarks>
/// A process group is the limit of what this can kill: a workload that starts a new session escapes it. Tools with a
/// pid namespace (firejail, bubblewrap <c>--unshare-pid</c>) close that gap, because the namespace dies with its init.
/// </remarks>
public static class ChildProcessRunner
{
    private const int SigKill = 9;

    // Once the group is killed the pipes close at once; only an escaped process can hold them open, and the run must
    // not wait for it forever.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>Whether whole process groups can be killed here (Linux with <c>setsid</c> from util-linux).</summary>
    public static bool KillsProcessGroups => Setsid is not null && OperatingSystem.IsLinux();

    /// <summary>Runs <paramref name="spec"/> to completion.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled; the process group was killed first.</exception>
    /// <exception cref="Win32Exception">The program could not be started (not installed, not executable).</exception>
    public static async Task<ChildProcessOutcome> RunAsync(ChildProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Command.Count == 0) throw new ArgumentException("the command is empty", nameof(spec));
        cancellationToken.ThrowIfCancellationRequested();

        var stdout = new OutputCapture(OutputStream.Stdout, spec.OutputBytes, spec.OnOutput);
        var stderr = new OutputCapture(OutputStream.Stderr, spec.OutputBytes, spec.OnOutput);
        using var process = Process.Start(StartInfo(spec)) ?? throw new InvalidOperationException($"{spec.Command[0]} did not start");
        var pumps = Task.WhenAll(stdout.CopyFromAsync(process.StandardOutput.BaseStream), stderr.CopyFromAsync(process.StandardError.BaseStream));
        var feed = FeedAsync(process.StandardInput.BaseStream, spec.StandardInput);

        using var deadline = spec.Timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // ForceYielding: a caller may cancel from its OnOutput callback, which runs on a pump; continuing inline there
        // would make the pump wait for itself below.
        await process.WaitForExitAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var stopped = !process.HasExited;
        var cancelled = stopped && cancellationToken.IsCancellationRequested;

        KillGroup(process);
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
        if (cancelled) throw new OperationCanceledException("The run was cancelled; its processes were killed.", cancellationToken);
        return new ChildProcessOutcome(process.ExitCode, stopped, stdout.GetText(), stderr.GetText(), stdout.Truncated, stderr.Truncated, process.Id)
        {
            OutputAbandoned = !drained,
        };
    }

    private static ProcessStartInfo StartInfo(ChildProcessSpec spec)
    {
        // A freshly forked child is never a process-group leader, so setsid execs in place: its pid is the group id.
        IEnumerable<string> argv = KillsProcessGroups ? [Setsid!, .. spec.Command] : spec.Command;
        var info = new ProcessStartInfo(argv.First())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        info.Environment.Clear();
        foreach (var (key, value) in spec.Environment) info.Environment[key] = value;
        return info;
    }

    private static void KillGroup(Process process)
    {
        // The group first: it reaches descendants that were reparented away from the main process.
        if (KillsProcessGroups) _ = Kill(-process.Id, SigKill);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }
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

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
