namespace Sandbox.Validators.Policy;

/// <summary>Host path comparison that cannot be fooled by <c>..</c>, repeated slashes or symlinks on this machine.</summary>
internal static class HostPaths
{
    private const int MaxLinks = 40;

    /// <summary>
    /// The canonical form of an absolute path: <c>.</c> and <c>..</c> resolved, and every existing symlink followed
    /// (the engine follows them too when it mounts). <c>null</c> when the path is not absolute or links loop.
    /// </summary>
    public static string? Canonical(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/') return null;
        var parts = new List<string>();
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
            var current = "/" + string.Join('/', parts);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (IOException)
            {
                target = null;
            }
            catch (UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is null) continue;
            if (++links > MaxLinks) return null;
            parts.RemoveAt(parts.Count - 1);
            if (target.StartsWith('/')) parts.Clear();
            foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(segment);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>Whether canonical <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsUnder(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
}
