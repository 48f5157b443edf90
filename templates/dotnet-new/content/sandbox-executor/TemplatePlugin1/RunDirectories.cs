using System.Globalization;
using Sandbox.Abstractions;

namespace TemplatePlugin1;

/// <summary>
/// One fresh working directory per run, named <c>&lt;owner pid&gt;-&lt;request id&gt;-&lt;random&gt;</c> so that tests can find
/// a request's leftovers and the orphan sweep can tell directories of a crashed host from live ones.
/// </summary>
public sealed class RunDirectories(string root)
{
    /// <summary>The folder run directories are created in.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Creates the directory for a run of the request with id <paramref name="requestId"/>.</summary>
    public string Create(string? requestId)
    {
        Directory.CreateDirectory(Root);
        var id = new string((requestId ?? "run").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(64).ToArray());
        var path = Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{id}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes a run directory; returns what went wrong, or <c>null</c>.</summary>
    public string? Remove(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot remove {path}: {ex.Message}";
        }
    }

    /// <summary>How many run directories of the request with id <paramref name="requestId"/> exist.</summary>
    public int Count(string requestId) =>
        Directory.Exists(Root) ? Directory.EnumerateDirectories(Root, $"*-{requestId}-*").Count() : 0;

    /// <summary>Whether run directories can be created, with the reason when not.</summary>
    public bool IsWritable(out string? problem)
    {
        try
        {
            Remove(Create("health"));
            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return false;
        }
    }

    /// <summary>Removes run directories whose owner process is gone.</summary>
    public CleanupReport SweepOrphans()
    {
        if (!Directory.Exists(Root)) return CleanupReport.Empty;
        var orphans = Directory.EnumerateDirectories(Root).Where(d => !OwnerAlive(Path.GetFileName(d))).ToList();
        var errors = orphans.Select(Remove).OfType<string>().ToList();
        return new CleanupReport(orphans.Count, orphans.Count - errors.Count, errors.Count) { Errors = errors };
    }

    private static bool OwnerAlive(string name)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return true;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var owner = System.Diagnostics.Process.GetProcessById(pid);
            return !owner.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
