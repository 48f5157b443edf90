namespace Sandbox.Abstractions;

/// <summary>
/// Path rules shared by every executor, so that "what may go in" and "what may come out" mean the same thing
/// whatever the isolation technology.
/// </summary>
public static class SandboxPaths
{
    /// <summary>
    /// Resolves <paramref name="path"/> (relative to <paramref name="workingDirectory"/>, or absolute) to a normalized
    /// absolute sandbox path. Refuses empty paths, NUL characters and any <c>..</c> segment.
    /// </summary>
    /// <exception cref="InvalidRequestException">The path is unsafe; <paramref name="field"/> names it.</exception>
    public static string Resolve(string path, string workingDirectory, string field)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidRequestException(field, "the path is empty");
        if (path.Contains('\0')) throw new InvalidRequestException(field, "the path contains a NUL character");
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == "..")) throw new InvalidRequestException(field, $"'{path}' contains '..'; paths may not climb out of their directory");
        var absolute = path.StartsWith('/') ? segments : [.. workingDirectory.Split('/', StringSplitOptions.RemoveEmptyEntries), .. segments];
        var kept = absolute.Where(s => s != ".").ToArray();
        if (kept.Length == 0) throw new InvalidRequestException(field, $"'{path}' resolves to the root directory");
        return "/" + string.Join('/', kept);
    }

    /// <summary>
    /// Checks an entry name coming out of a sandbox (e.g. a tar entry) and returns it normalized with <c>/</c>
    /// separators, or <c>null</c> when it is absolute, climbs with <c>..</c>, or is empty.
    /// </summary>
    public static string? NormalizeCollectedEntry(string entryName)
    {
        if (string.IsNullOrEmpty(entryName) || entryName.Contains('\0')) return null;
        var unified = entryName.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length > 1 && unified[1] == ':')) return null;
        var segments = unified.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Length == 0 || segments.Any(s => s == "..")) return null;
        return string.Join('/', segments);
    }

    /// <summary>
    /// Whether a symbolic link at <paramref name="linkEntry"/> (normalized, relative) pointing at
    /// <paramref name="target"/> stays inside the output directory once resolved.
    /// </summary>
    public static bool LinkStaysInside(string linkEntry, string target)
    {
        if (string.IsNullOrEmpty(target) || target.StartsWith('/') || target.Contains('\0')) return false;
        var stack = new List<string>(linkEntry.Split('/')[..^1]);
        foreach (var segment in target.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (stack.Count == 0) return false;
                stack.RemoveAt(stack.Count - 1);
            }
            else
            {
                stack.Add(segment);
            }
        }

        return true;
    }

    /// <summary>
    /// Writes <paramref name="files"/> under <paramref name="directory"/>, re-checking each path so that nothing lands
    /// outside it, even when the files did not come from an executor that checked them.
    /// </summary>
    /// <returns>The full paths written.</returns>
    public static async Task<IReadOnlyList<string>> WriteCollectedFilesAsync(IEnumerable<CollectedFile> files, string directory, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        var written = new List<string>();
        foreach (var file in files)
        {
            var relative = NormalizeCollectedEntry(file.RelativePath)
                ?? throw new InvalidRequestException("outputFiles", $"'{file.RelativePath}' would escape the output directory");
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new InvalidRequestException("outputFiles", $"'{file.RelativePath}' would escape the output directory");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, file.Content.ToArray(), cancellationToken).ConfigureAwait(false);
            written.Add(target);
        }

        return written;
    }
}
