using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cleanup;

namespace Sandbox.Executors.Host.Files;

/// <summary>Creates and removes run directories under the temp root, each marked with its owner.</summary>
internal static class RunDirectory
{
    private const UnixFileMode Traversable = (UnixFileMode)0x1C9; // 0711: others may pass through, never list
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Shared = (UnixFileMode)0x1ED; // 0755

    /// <summary>The default temp root: <c>$TMPDIR/sandbox-host-&lt;euid&gt;</c>.</summary>
    public static string DefaultRoot => Path.Join(Path.GetTempPath(), $"sandbox-host-{Native.Libc.EffectiveUserId}");

    /// <summary>
    /// Creates the temp root if needed and refuses one that is a symbolic link (another user could have planted it).
    /// With <paramref name="othersMustTraverse"/> (the sandbox starts as nobody), the root is made searchable by others
    /// and every parent must already be, so that bubblewrap can reach the run's directories.
    /// </summary>
    /// <exception cref="EngineUnavailableException">The temp root cannot be used.</exception>
    public static string EnsureRoot(string root, bool othersMustTraverse = false)
    {
        var full = Path.GetFullPath(root);
        const string remedy = "set executors.host.tempRoot to a directory under /tmp (the default)";
        if (new DirectoryInfo(full).LinkTarget is not null)
            throw new EngineUnavailableException("host sandbox", full, $"the temp root is a symbolic link; remove it or {remedy}");
        var directory = Directory.CreateDirectory(full, Traversable);
        if (!othersMustTraverse) return full;
        directory.UnixFileMode |= UnixFileMode.OtherExecute;
        for (var parent = directory.Parent; parent is not null; parent = parent.Parent)
        {
            if ((parent.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                throw new EngineUnavailableException("host sandbox", full, $"{parent.FullName} is not searchable by others, so the unprivileged sandbox user cannot reach the run directories; {remedy}");
        }

        return full;
    }

    /// <summary>Creates the run's directory, its owner file and its working directory.</summary>
    public static RunLayout Create(string root, RunName name, string? requestId)
    {
        var layout = new RunLayout(Path.Join(root, name.ToString()));
        Directory.CreateDirectory(layout.RunDirectory, Traversable);
        File.WriteAllText(layout.OwnerFile, string.Create(CultureInfo.InvariantCulture,
            $"pid={name.Owner.Pid}\nstart={name.Owner.StartTicks}\nrequest={requestId?.ReplaceLineEndings(" ")}\n"));
        Directory.CreateDirectory(layout.WorkDirectory, Shared);
        Directory.CreateDirectory(layout.TmpMountPoint, Private);
        File.WriteAllText(layout.StatusFile, "");
        return layout;
    }

    /// <summary>The request id recorded in a run directory's owner file, if any.</summary>
    public static string? ReadRequestId(string runDirectory)
    {
        try
        {
            return File.ReadLines(Path.Join(runDirectory, "owner"))
                .FirstOrDefault(l => l.StartsWith("request=", StringComparison.Ordinal))?["request=".Length..];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Removes a run directory; returns why it could not, or <c>null</c>.</summary>
    public static string? Remove(string runDirectory)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (attempt == 1) return $"cannot remove {runDirectory}: {ex.Message}";
                // Without root, a workload can leave directories it made unwritable: give them back to the owner.
                MakeOwnerWritable(new DirectoryInfo(runDirectory));
            }
        }

        return null;
    }

    // Top-down, so that a directory is made readable before its children are listed. Links are never followed.
    private static void MakeOwnerWritable(DirectoryInfo directory)
    {
        try
        {
            directory.UnixFileMode |= Private;
            foreach (var child in directory.EnumerateDirectories().Where(d => d.LinkTarget is null).ToList()) MakeOwnerWritable(child);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
