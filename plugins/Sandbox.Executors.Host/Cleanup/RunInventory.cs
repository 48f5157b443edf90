namespace Sandbox.Executors.Host.Cleanup;

/// <summary>One run found on disk: its directory, its cgroups, or both.</summary>
/// <param name="Name">The run's name.</param>
/// <param name="Directory">Its run directory, when it exists.</param>
/// <param name="HasCgroup">Whether a cgroup of that name exists in any controller.</param>
internal sealed record RunRecord(RunName Name, string? Directory, bool HasCgroup);

/// <summary>Lists the runs present under a temp root and the cgroup base directories.</summary>
internal static class RunInventory
{
    /// <summary>Every run directory and run cgroup, grouped by run name.</summary>
    public static IReadOnlyList<RunRecord> List(string tempRoot, IReadOnlyDictionary<string, string> cgroupBases)
    {
        var directories = Children(tempRoot).ToDictionary(d => Path.GetFileName(d), d => d, StringComparer.Ordinal);
        var cgroups = cgroupBases.Values.Distinct(StringComparer.Ordinal).SelectMany(Children).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        return [.. directories.Keys.Union(cgroups!, StringComparer.Ordinal)
            .Select(n => (Name: RunName.TryParse(n!), Key: n!))
            .Where(r => r.Name is not null)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RunRecord(r.Name!, directories.GetValueOrDefault(r.Key), cgroups.Contains(r.Key)))];
    }

    private static IEnumerable<string> Children(string directory)
    {
        try
        {
            return System.IO.Directory.Exists(directory) ? System.IO.Directory.GetDirectories(directory) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
