using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Sandbox.Abstractions;

namespace Sandbox.Toolkit;

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
        var end = await ChildProcessSupervisor.SuperviseAsync(process, spec.StandardInput, stdout, stderr, spec.Timeout, KillGroupAsync, cancellationToken).ConfigureAwait(false);
        if (end.Cancelled) throw new OperationCanceledException("The run was cancelled; its processes were killed.", cancellationToken);
        return new ChildProcessOutcome(end.ExitCode, end.TimedOut, stdout.GetText(), stderr.GetText(), stdout.Truncated, stderr.Truncated, process.Id)
        {
            OutputAbandoned = !end.OutputDrained,
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

    private static Task KillGroupAsync(Process process)
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

        return Task.CompletedTask;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
