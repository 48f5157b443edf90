using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Sandbox.Build.Cli;

/// <summary>How to start the bundled CLI: <c>dotnet exec --roll-forward Major sandbox.dll ARGS</c> in a directory.</summary>
/// <param name="DotNet">The dotnet executable.</param>
/// <param name="ToolPath">The CLI's <c>sandbox.dll</c>.</param>
/// <param name="WorkingDirectory">The directory it runs in (the project's), where relative paths and sandbox.json are found.</param>
internal sealed record CliHost(string DotNet, string ToolPath, string WorkingDirectory)
{
    /// <summary>The command line, for messages.</summary>
    public string Describe(IReadOnlyList<string> arguments) => CommandSplitter.Display([DotNet, .. StartArguments(arguments)]);

    /// <summary>The arguments passed to dotnet.</summary>
    public IEnumerable<string> StartArguments(IReadOnlyList<string> arguments) =>
        // The CLI targets net10.0; rolling forward lets a machine with only a newer runtime run it.
        ["exec", "--roll-forward", "Major", ToolPath, .. arguments];
}

/// <summary>
/// Runs the CLI as a child process, handing each line of its stdout and stderr to a callback while it runs.
/// Cancellation is graceful first: SIGTERM, which the CLI turns into "kill and remove the sandbox, then exit"; only if
/// it has not exited within <see cref="GracePeriod"/> is the process tree killed (the orphan sweep of the next run
/// removes what that leaves).
/// </summary>
internal static class CliProcess
{
    /// <summary>How long a cancelled CLI gets to remove its sandbox before it is killed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);

    // Output still buffered in the pipes after the CLI exited is read for at most this long.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private const int SIGTERM = 15;

    /// <summary>Runs the CLI to completion and returns its exit code.</summary>
    /// <exception cref="Win32Exception">The dotnet executable could not be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the CLI has exited (or was killed) when this is thrown.</exception>
    public static async Task<int> RunAsync(CliHost host, IReadOnlyList<string> arguments, Action<string> onStdout, Action<string> onStderr, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(host.DotNet)
        {
            WorkingDirectory = host.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in host.StartArguments(arguments)) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new Win32Exception($"{host.DotNet} did not start");
        // The CLI never reads stdin here; closing it means a command that does sees end-of-file instead of hanging.
        process.StandardInput.Close();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, onStdout), PumpAsync(process.StandardError, onStderr));
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
            await DrainAsync(pumps).ConfigureAwait(false);
            throw;
        }

        await DrainAsync(pumps).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task StopAsync(Process process)
    {
        if (!OperatingSystem.IsWindows() && kill(process.Id, SIGTERM) == 0)
        {
            using var grace = new CancellationTokenSource(GracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // It did not finish cleaning up in time: fall through to the forceful kill.
            }
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line) onLine(line);
    }

    private static async Task DrainAsync(Task pumps)
    {
        try
        {
            await pumps.WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A grandchild still holds the pipes open; what it writes later is not part of this step's output.
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
