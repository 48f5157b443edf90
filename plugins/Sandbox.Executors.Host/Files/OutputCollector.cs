using Sandbox.Abstractions;
using Sandbox.Executors.Host.Native;

namespace Sandbox.Executors.Host.Files;

/// <summary>
/// Collects <see cref="ExecutionRequest.OutputPaths"/> from the working directory after every workload process is
/// gone, naming them as <c>docker cp</c> does (a file by its name, a directory by its name plus its contents).
/// </summary>
/// <remarks>
/// The host reads a tree the workload controlled, so it never follows a link it has not checked: directories are
/// walked without following links; a link is collected (as the file it points at) only when its target stays inside
/// the collected directory and is a regular file reached without further links; every other link is refused with a
/// warning; files are opened with O_NOFOLLOW and O_NONBLOCK (a FIFO cannot hang the host).
/// </remarks>
internal sealed class OutputCollector
{
    private readonly string _hostWork;
    private readonly List<CollectedFile> _files = [];
    private readonly List<string> _warnings = [];
    private long _remaining;
    private bool _capReached;

    private OutputCollector(string hostWork, long cap)
    {
        _hostWork = hostWork;
        _remaining = cap;
    }

    /// <summary>Collects the request's output paths (already validated) from <paramref name="hostWorkDirectory"/>.</summary>
    public static async Task<(IReadOnlyList<CollectedFile> Files, IReadOnlyList<string> Warnings)> CollectAsync(
        ExecutionRequest request, string hostWorkDirectory, CancellationToken cancellationToken)
    {
        var collector = new OutputCollector(hostWorkDirectory, request.Limits.CollectedFilesBytes);
        var workingDirectory = SandboxPaths.Resolve(request.WorkingDirectory, "/", "workingDirectory");
        for (var i = 0; i < request.OutputPaths.Count && !collector._capReached; i++)
        {
            var relative = WorkingDirectoryPaths.Relative(request.OutputPaths[i], request.WorkingDirectory, $"outputPaths[{i}]");
            var sandboxPath = relative.Length == 0 ? workingDirectory : $"{workingDirectory}/{relative}";
            var name = sandboxPath[(sandboxPath.LastIndexOf('/') + 1)..];
            await collector.CollectRootAsync(relative, name, sandboxPath, cancellationToken).ConfigureAwait(false);
        }

        return (collector._files, collector._warnings);
    }

    private async Task CollectRootAsync(string relative, string name, string sandboxPath, CancellationToken cancellationToken)
    {
        if (!TryReachWithoutLinks(relative, parentsOnly: true))
        {
            _warnings.Add($"refused {sandboxPath}: the path goes through a symbolic link");
            return;
        }

        var host = WorkingDirectoryPaths.ToHost(_hostWork, relative);
        var info = new FileInfo(host);
        if (info.LinkTarget is not null) await CollectLinkAsync(info, name, sandboxPath, cancellationToken).ConfigureAwait(false);
        else if (Directory.Exists(host)) await CollectDirectoryAsync(new DirectoryInfo(host), name, sandboxPath, cancellationToken).ConfigureAwait(false);
        else if (info.Exists) await CollectFileAsync(host, name, sandboxPath, cancellationToken).ConfigureAwait(false);
        else _warnings.Add($"not found: {sandboxPath}");
    }

    private async Task CollectDirectoryAsync(DirectoryInfo directory, string entry, string sandboxPath, CancellationToken cancellationToken)
    {
        foreach (var child in directory.EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (_capReached) return;
            var childEntry = $"{entry}/{child.Name}";
            var childSandbox = $"{sandboxPath}/{child.Name}";
            if (child.LinkTarget is not null) await CollectLinkAsync(child, childEntry, childSandbox, cancellationToken).ConfigureAwait(false);
            else if (child is DirectoryInfo sub) await CollectDirectoryAsync(sub, childEntry, childSandbox, cancellationToken).ConfigureAwait(false);
            else await CollectFileAsync(child.FullName, childEntry, childSandbox, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CollectLinkAsync(FileSystemInfo link, string entry, string sandboxPath, CancellationToken cancellationToken)
    {
        var target = link.LinkTarget!;
        if (!SandboxPaths.LinkStaysInside(entry, target))
        {
            _warnings.Add($"refused symbolic link {sandboxPath} -> {target}: it points outside the collected directory");
            return;
        }

        var resolved = Path.GetFullPath(Path.Join(Path.GetDirectoryName(link.FullName)!, target));
        var relative = resolved.StartsWith(_hostWork + "/", StringComparison.Ordinal) ? resolved[(_hostWork.Length + 1)..] : null;
        if (relative is null || !TryReachWithoutLinks(relative, parentsOnly: false) || !File.Exists(resolved))
        {
            _warnings.Add($"skipped symbolic link {sandboxPath} -> {target}: only links to regular files are collected");
            return;
        }

        await CollectFileAsync(resolved, entry, sandboxPath, cancellationToken).ConfigureAwait(false);
    }

    private async Task CollectFileAsync(string host, string entry, string sandboxPath, CancellationToken cancellationToken)
    {
        if (SandboxPaths.NormalizeCollectedEntry(entry) is not { } relativePath)
        {
            _warnings.Add($"refused {sandboxPath}: '{entry}' is not a safe relative name");
            return;
        }

        try
        {
            using var handle = Libc.OpenNoFollow(host);
            var length = RandomAccess.GetLength(handle);
            if (length > _remaining)
            {
                _capReached = true;
                _warnings.Add($"collected files exceed limits.collectedFiles: {sandboxPath} ({length} bytes) and everything after it were not collected");
                return;
            }

            var content = new byte[length];
            var read = 0;
            while (read < length)
            {
                var n = await RandomAccess.ReadAsync(handle, content.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }

            _remaining -= read;
            _files.Add(new CollectedFile(relativePath, sandboxPath, content.AsMemory(0, read), (int)File.GetUnixFileMode(handle) & SandboxFile.PermissionBits));
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            // NotSupported: a FIFO, socket or device, which cannot be sized or read as a file.
            _warnings.Add($"skipped {sandboxPath}: not a readable regular file ({ex.Message})");
        }
    }

    // Whether every component of the path (or every parent, with parentsOnly) is a real directory/file, not a link.
    private bool TryReachWithoutLinks(string relative, bool parentsOnly)
    {
        if (relative.Length == 0) return true;
        var segments = relative.Split('/');
        var current = _hostWork;
        for (var i = 0; i < segments.Length - (parentsOnly ? 1 : 0); i++)
        {
            current = Path.Join(current, segments[i]);
            if (new FileInfo(current).LinkTarget is not null) return false;
        }

        return true;
    }
}
