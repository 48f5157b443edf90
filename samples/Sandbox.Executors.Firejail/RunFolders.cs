using System.Diagnostics;
using System.Globalization;
using Sandbox.Abstractions;

namespace Sandbox.Executors.Firejail;

/// <summary>
/// The run folders of this executor: <c>&lt;root&gt;/&lt;host pid&gt;-&lt;request id&gt;-&lt;random&gt;</c>, writable by the
/// sandbox user. The root is traversable but not listable by others and names are random, so other users cannot find them.
/// </summary>
public sealed class RunFolders(string root)
{
    private const UnixFileMode RootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode RunMode = RootMode | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>The folder holding the run folders.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>A new, empty folder for one run.</summary>
    public string Create(string? requestId)
    {
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, RootMode);
        var safeId = string.Concat((requestId ?? "run").Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        var folder = Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{safeId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(folder);
        // Set after creation: the process umask would otherwise take the write bits the sandbox user needs.
        File.SetUnixFileMode(folder, RunMode);
        return folder;
    }

    /// <summary>Deletes a run folder; the problem when it could not be deleted.</summary>
    public string? Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{folder}: {ex.Message}";
        }
    }

    /// <summary>How many folders of the request with id <paramref name="requestId"/> exist.</summary>
    public int CountOf(string requestId) => Directory.Exists(Root) ? Directory.GetDirectories(Root, $"*-{requestId}-*").Length : 0;

    /// <summary>Deletes the folders of host processes that are gone (crashed before cleaning up).</summary>
    public CleanupReport RemoveAbandoned()
    {
        if (!Directory.Exists(Root)) return CleanupReport.Empty;
        var abandoned = Directory.GetDirectories(Root).Where(f => OwnerGone(Path.GetFileName(f))).ToArray();
        var problems = abandoned.Select(Delete).Where(p => p is not null).Select(p => p!).ToList();
        return new CleanupReport(abandoned.Length, abandoned.Length - problems.Count, problems.Count) { Errors = problems };
    }

    private static bool OwnerGone(string name)
    {
        var pidText = name.Split('-')[0];
        if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId) return false;
        try
        {
            using var owner = Process.GetProcessById(pid);
            return owner.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
