namespace Sandbox.Executors.Host.Cgroups;

/// <summary>
/// Finds the cgroup v1 controllers the host executor uses and the directory runs are created in for each: a
/// <c>&lt;CgroupName&gt;</c> child of this process's own cgroup, so that runs stay inside whatever hierarchy the host was
/// placed in (its limits and accounting still apply to them) and never move processes elsewhere.
/// </summary>
internal static class CgroupDiscovery
{
    /// <summary>The controllers used: limits (memory, cpu, pids) and accounting (cpuacct).</summary>
    public static readonly IReadOnlyList<string> Controllers = ["memory", "cpu", "cpuacct", "pids"];

    /// <summary>
    /// Returns the usable base directory per controller; <paramref name="problems"/> says why each other one is unusable.
    /// A controller is usable when its base directory can be created and a child cgroup made and removed in it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FindUsableBases(string cgroupName, out IReadOnlyDictionary<string, string> problems)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var why = new Dictionary<string, string>(StringComparer.Ordinal);
        problems = why;
        Dictionary<string, (string MountPoint, string Root)> mounts;
        Dictionary<string, string> ownPaths;
        try
        {
            mounts = ReadV1Mounts();
            ownPaths = ReadOwnPaths();
        }
        catch (IOException ex)
        {
            foreach (var c in Controllers) why[c] = $"cannot read /proc cgroup information: {ex.Message}";
            return found;
        }

        foreach (var controller in Controllers)
        {
            if (!mounts.TryGetValue(controller, out var mount))
            {
                why[controller] = "no cgroup v1 hierarchy mounted for it (cgroup v2 is not supported by the host executor yet)";
                continue;
            }

            var own = ownPaths.GetValueOrDefault(controller, "/");
            if (!own.StartsWith(mount.Root, StringComparison.Ordinal))
            {
                why[controller] = $"this process's cgroup {own} is outside the mounted hierarchy {mount.Root}";
                continue;
            }

            var relative = mount.Root == "/" ? own : own[mount.Root.Length..];
            var baseDir = Path.Join(mount.MountPoint, relative, cgroupName);
            if (TryProbe(baseDir, out var problem)) found[controller] = baseDir;
            else why[controller] = problem;
        }

        return found;
    }

    private static bool TryProbe(string baseDir, out string problem)
    {
        var probe = Path.Join(baseDir, $"probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(baseDir);
            Directory.CreateDirectory(probe);
            if (!File.Exists(Path.Join(probe, "cgroup.procs"))) throw new IOException($"{baseDir} is not a cgroup directory");
            problem = "";
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{baseDir} is not writable: {ex.Message}";
            return false;
        }
        finally
        {
            try
            {
                if (Directory.Exists(probe)) Directory.Delete(probe);
            }
            catch (IOException)
            {
                // An empty probe cgroup that cannot be removed is swept with the rest; it holds no process.
            }
        }
    }

    // controller -> (mount point, hierarchy root) from /proc/self/mountinfo, cgroup v1 entries only.
    private static Dictionary<string, (string MountPoint, string Root)> ReadV1Mounts()
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var halves = line.Split(" - ", 2);
            if (halves.Length != 2) continue;
            var left = halves[0].Split(' ');
            var right = halves[1].Split(' ');
            if (left.Length < 5 || right.Length < 3 || right[0] != "cgroup") continue;
            foreach (var option in right[2].Split(','))
            {
                if (Controllers.Contains(option)) result.TryAdd(option, (left[4], left[3]));
            }
        }

        return result;
    }

    // controller -> this process's path in that hierarchy, from /proc/self/cgroup ("4:memory:/a/b").
    private static Dictionary<string, string> ReadOwnPaths()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            foreach (var controller in parts[1].Split(',')) result.TryAdd(controller, parts[2]);
        }

        return result;
    }
}
