using System.CommandLine;
using System.Runtime.InteropServices;
using Sandbox.Cli.Daemon;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox daemon list|stop</c>: the CLI daemons this user's <c>run</c> and <c>exec</c> started
/// (<see cref="CliDaemon"/>). Each stops by itself after five minutes without a call; <c>stop</c> stops them now.
/// </summary>
internal static partial class DaemonCommand
{
    private const int SigTerm = 15;

    /// <summary>How long <c>stop</c> waits for a daemon to drain (a run in flight finishes first).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(60);

    public static Command Create(CliConsole console)
    {
        var list = new Command("list", "List the running CLI daemons: process id, socket and log.");
        list.SetAction((parse, _) => CliRunner.GuardAsync(parse, console, () =>
        {
            foreach (var (files, id) in Running()) console.Out.WriteLine($"{id}\t{files.Address}\t{files.Log}");
            return Task.FromResult(ExitCodes.Success);
        }));

        var stop = new Command("stop", "Stop every CLI daemon of this user (each finishes its runs in flight and removes its ready sandboxes).");
        stop.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var running = Running();
            foreach (var (_, id) in running) _ = Kill(id, SigTerm);
            var stopped = 0;
            foreach (var (files, id) in running)
            {
                var deadline = DateTime.UtcNow + StopWait;
                while (DaemonHost.RunningProcess(files) is not null && DateTime.UtcNow < deadline)
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                if (DaemonHost.RunningProcess(files) is null) stopped++;
                else console.Report($"the daemon {id} did not stop within {StopWait.TotalSeconds:0} s (log: {files.Log})");
            }

            console.Out.WriteLine($"stopped {stopped} daemon(s)");
            return stopped == running.Count ? ExitCodes.Success : 1;
        }));

        return new Command("daemon", "The CLI daemons that serve 'run' and 'exec' (set SANDBOX_DAEMON=off to run every command in its own process).") { list, stop };
    }

    // Daemons of this user that are alive; what dead ones left behind is removed on the way.
    private static List<(DaemonFiles Files, int Id)> Running()
    {
        var running = new List<(DaemonFiles, int)>();
        if (DaemonFiles.DaemonsFolder is not { } folder) return running;
        foreach (var files in DaemonFiles.All(folder))
        {
            if (DaemonHost.RunningProcess(files) is { } id) running.Add((files, id));
            else if (!DaemonHost.Starting(files)) files.DeleteLeftovers();
        }

        return running;
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int processId, int signal);
}
