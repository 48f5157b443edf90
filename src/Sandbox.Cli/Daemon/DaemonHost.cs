using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Sandbox.Cli.Commands;
using Sandbox.Core.Pooling;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// The daemon's side of <see cref="CliDaemon"/> (<c>sandbox serve --daemon</c>): it leaves the caller's session and
/// terminal, writes to its log, holds its key's lock for as long as it lives (a second daemon for the same key stops
/// at once) and records its process id for <c>sandbox daemon list|stop</c>.
/// </summary>
internal sealed partial class DaemonHost : IDisposable
{
    private readonly FileStream _lock;
    private readonly DaemonFiles _files;

    private DaemonHost(FileStream held, DaemonFiles files, TextWriter log)
    {
        _lock = held;
        _files = files;
        Log = log;
    }

    /// <summary>The daemon's log (its stderr).</summary>
    public TextWriter Log { get; }

    /// <summary>
    /// What a daemon keeps ready: one sandbox of each kind it served (or of the configured defaults from the start), for
    /// as long as it is used; a run that finds none ready runs cold rather than wait. The in-process CLI uses no pool.
    /// </summary>
    public static PoolOptions Pool(TimeSpan idleExit) => new()
    {
        Enabled = true,
        Default = PoolPolicy.Default with { MinIdle = 1, MaxSize = 2, IdleTimeout = idleExit, WhenExhausted = PoolExhaustionMode.Cold },
    };

    /// <summary>
    /// Detaches this process and takes the key's lock; <c>null</c> when another daemon holds it (this one has nothing
    /// to do).
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static DaemonHost? Begin(DaemonFiles files)
    {
        DaemonFiles.CreateFolder(files.Folder);
        FileStream held;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, released when the process ends however it ends.
            held = new FileStream(files.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            // Before detaching, so the log stays the running daemon's.
            return null;
        }

        var log = Detach(files.Log);
        File.WriteAllText(files.ProcessIdFile, $"{Environment.ProcessId}\n");
        return new DaemonHost(held, files, log);
    }

    /// <summary>The process id of the daemon that owns <paramref name="files"/>, when it is running.</summary>
    public static int? RunningProcess(DaemonFiles files)
    {
        try
        {
            if (!int.TryParse(File.ReadAllText(files.ProcessIdFile).Trim(), out var id)) return null;
            // The id of a daemon that ended may have been given to another process since.
            var commandLine = File.ReadAllText($"/proc/{id}/cmdline");
            return commandLine.Contains('\0' + ServeCommand.DaemonOption + '\0', StringComparison.Ordinal) && commandLine.Contains(files.Socket, StringComparison.Ordinal) ? id : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether a daemon holds the key's lock but has not recorded its process id yet.</summary>
    public static bool Starting(DaemonFiles files)
    {
        try
        {
            using var probe = new FileStream(files.Lock, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Removes the socket and the process id file, then lets go of the lock.</summary>
    public void Dispose()
    {
        File.Delete(_files.Socket);
        File.Delete(_files.ProcessIdFile);
        _lock.Dispose();
    }

    // Its own session: Ctrl-C and a closed terminal reach the caller, not the daemon. Its stdin and output were set up
    // by the caller (CliDaemon: /dev/null and the log); the log is emptied here, once the lock says it is this daemon's.
    [UnsupportedOSPlatform("windows")]
    private static TextWriter Detach(string log)
    {
        _ = SetSid();
        using (var file = new FileStream(log, FileMode.OpenOrCreate, FileAccess.Write)) file.SetLength(0);
        return Console.Error;
    }

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();
}
