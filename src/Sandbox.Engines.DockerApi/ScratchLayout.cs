using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Where the workload may write, and how each place is provided.
/// </summary>
/// <remarks>
/// The root filesystem is read-only, and Docker's archive API can write neither into it nor into a tmpfs before the
/// container starts (a tmpfs exists only while the container runs, and is gone when it exits, so nothing could be
/// collected from it either). So:
/// <list type="bullet">
/// <item>/tmp is always a size-capped tmpfs, noexec and nosuid. Files may not be placed in it nor collected from it.</item>
/// <item>The working directory is a size-capped tmpfs owned by the workload's user when nothing has to be copied
/// into it or collected from it — the common case, fully bounded.</item>
/// <item>Otherwise it is an anonymous volume, removed with the container (RemoveVolumes). So is the parent directory
/// of every input file or output path outside the working directory (the path itself when its parent is /).</item>
/// </list>
/// Volumes are disk-backed and the local volume driver cannot cap their size here (its size option needs xfs project
/// quotas; a tmpfs-backed volume loses what was copied in, because the driver unmounts it between copy-in and
/// start). The risk is bounded instead by RLIMIT_FSIZE: when volumes are in use and the request sets no file-size
/// limit, every file is capped at the tmpfs size, and the run's timeout bounds how many such files can be written.
/// </remarks>
internal sealed record ScratchLayout
{
    public const string TmpDirectory = "/tmp";

    public required string WorkingDirectory { get; init; }

    /// <summary>Whether the working directory is a volume (else a tmpfs).</summary>
    public required bool WorkingDirectoryIsVolume { get; init; }

    /// <summary>Every volume mount point, outermost first; includes the working directory when it is a volume.</summary>
    public required IReadOnlyList<string> Volumes { get; init; }

    /// <summary>Input files with their resolved absolute sandbox paths.</summary>
    public required IReadOnlyList<(string Path, SandboxFile File)> Files { get; init; }

    /// <summary>Output paths, resolved to absolute sandbox paths.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    public bool UsesVolumes => Volumes.Count > 0;

    /// <summary>The layout of <paramref name="request"/> on an engine of <paramref name="dialect"/>.</summary>
    public static ScratchLayout For(ExecutionRequest request, EngineDialect dialect) =>
        Plan(request, tmpfsOwnable: dialect.TmpfsOwnerOption is not null || WorkloadUser.Parse(request.Security.User).HasNumericOwner);

    /// <param name="request">The request.</param>
    /// <param name="tmpfsOwnable">
    /// Whether a tmpfs working directory can be made the workload user's. Docker can only do so for a numeric user
    /// (<c>uid=</c>), and runc gives the mount point the mode of the directory beneath it (0755), so a named user
    /// gets a volume instead, whose root the copy-in makes world-writable.
    /// </param>
    /// <exception cref="InvalidRequestException">A path the layout cannot provide (in /tmp, or a file directly in /).</exception>
    public static ScratchLayout Plan(ExecutionRequest request, bool tmpfsOwnable = true)
    {
        var workdir = SandboxPaths.Resolve(request.WorkingDirectory, "/", "workingDirectory");
        if (IsUnder(workdir, TmpDirectory))
            throw new InvalidRequestException("workingDirectory", $"'{workdir}' is inside /tmp, the private noexec tmpfs; use another directory such as {ExecutionRequest.DefaultWorkingDirectory}");

        var files = request.Files.Select((f, i) => (Path: ResolveWritable(f.Path, workdir, $"files[{i}].path"), File: f)).ToList();
        var outputs = request.OutputPaths.Select((p, i) => ResolveWritable(p, workdir, $"outputPaths[{i}]")).ToList();

        var persistent = new List<string>();
        var workdirIsVolume = !tmpfsOwnable;
        for (var i = 0; i < files.Count; i++)
        {
            if (IsUnder(files[i].Path, workdir)) workdirIsVolume = true;
            else persistent.Add(ParentOf(files[i].Path, $"files[{i}].path", allowRoot: false));
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            if (IsUnder(outputs[i], workdir)) workdirIsVolume = true;
            else persistent.Add(ParentOf(outputs[i], $"outputPaths[{i}]", allowRoot: true));
        }

        if (workdirIsVolume) persistent.Add(workdir);
        // Outermost first; a directory inside another volume is already writable and persistent.
        var volumes = new List<string>();
        foreach (var dir in persistent.Distinct(StringComparer.Ordinal).OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal))
        {
            if (!volumes.Any(v => IsUnder(dir, v))) volumes.Add(dir);
        }

        // The working directory keeps its own mount even inside another volume: it must exist at start.
        if (workdirIsVolume && !volumes.Contains(workdir)) volumes.Add(workdir);
        return new ScratchLayout
        {
            WorkingDirectory = workdir,
            WorkingDirectoryIsVolume = workdirIsVolume,
            Volumes = volumes,
            Files = files,
            Outputs = outputs,
        };
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or below it.</summary>
    public static bool IsUnder(string path, string directory) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>Resolves a path the workload may write or have collected: never inside /tmp, whose tmpfs the archive API cannot see.</summary>
    public static string ResolveWritable(string path, string workdir, string field)
    {
        var resolved = SandboxPaths.Resolve(path, workdir, field);
        if (IsUnder(resolved, TmpDirectory))
            throw new InvalidRequestException(field, $"'{resolved}' is inside /tmp, a tmpfs that exists only while the command runs; use the working directory instead");
        return resolved;
    }

    private static string ParentOf(string path, string field, bool allowRoot)
    {
        var parent = path[..path.LastIndexOf('/')];
        if (parent.Length > 0) return parent;
        if (allowRoot) return path; // "/out": the directory itself becomes the volume.
        throw new InvalidRequestException(field, $"'{path}' would be written directly into the read-only root; place it in the working directory or a subdirectory");
    }
}
