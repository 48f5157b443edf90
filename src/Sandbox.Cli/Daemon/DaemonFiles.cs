using System.Runtime.Versioning;
using Sandbox.Toolkit;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// Where one CLI daemon keeps its files, all named after its key in the user's cache folder (<c>daemons/</c>, mode
/// 0700): the socket it serves on, the lock it holds while it lives, its process id and its log.
/// </summary>
internal sealed record DaemonFiles(string Folder, string Key)
{
    private const string Prefix = "d-";

    /// <summary>The folder of this user's daemons; <c>null</c> when there is no cache folder (no home directory).</summary>
    public static string? DaemonsFolder => SandboxCache.Folder is { } cache ? Path.Combine(cache, "daemons") : null;

    public string Socket => Path.Combine(Folder, $"{Prefix}{Key}.sock");

    public string Lock => Path.Combine(Folder, $"{Prefix}{Key}.lock");

    public string ProcessIdFile => Path.Combine(Folder, $"{Prefix}{Key}.pid");

    public string Log => Path.Combine(Folder, $"{Prefix}{Key}.log");

    /// <summary>The listen address of <see cref="Socket"/>.</summary>
    public string Address => "unix:" + Socket;

    /// <summary>The files of the daemon that serves (or would serve) <paramref name="socket"/>, when it is a daemon's socket.</summary>
    public static DaemonFiles? OfSocket(string socket)
    {
        var name = Path.GetFileName(socket);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sock", StringComparison.Ordinal)
            ? new DaemonFiles(Path.GetDirectoryName(Path.GetFullPath(socket))!, name[Prefix.Length..^".sock".Length])
            : null;
    }

    /// <summary>Every daemon that left files in <paramref name="folder"/> (running or not).</summary>
    public static IEnumerable<DaemonFiles> All(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, $"{Prefix}*.lock").Order(StringComparer.Ordinal)
                .Select(lockFile => new DaemonFiles(folder, Path.GetFileNameWithoutExtension(lockFile)[Prefix.Length..]))
            : [];

    /// <summary>Creates the folder, readable by its owner only: the sockets in it run code as this user.</summary>
    [UnsupportedOSPlatform("windows")]
    public static void CreateFolder(string folder)
    {
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Deletes what a daemon that has ended left (its lock is free).</summary>
    public void DeleteLeftovers()
    {
        foreach (var file in new[] { Socket, ProcessIdFile, Lock }) File.Delete(file);
    }
}
