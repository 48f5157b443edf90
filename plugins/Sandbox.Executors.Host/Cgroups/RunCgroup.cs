using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Native;

namespace Sandbox.Executors.Host.Cgroups;

/// <summary>
/// One run's cgroup v1 directories (one per usable controller): limits, the files the wrapper joins, statistics,
/// OOM detection, killing every process in it and removal.
/// </summary>
internal sealed class RunCgroup
{
    private const long CpuPeriodMicroseconds = 100_000;
    private readonly IReadOnlyDictionary<string, string> _directories;

    private RunCgroup(IReadOnlyDictionary<string, string> directories) => _directories = directories;

    /// <summary>The <c>cgroup.procs</c> files the wrapper writes its pid to, one per distinct hierarchy.</summary>
    public IReadOnlyList<string> ProcsFiles => [.. DistinctDirectories.Select(d => Path.Join(d, "cgroup.procs"))];

    private IEnumerable<string> DistinctDirectories => _directories.Values.Distinct(StringComparer.Ordinal);

    /// <summary>Creates the run's cgroups below <paramref name="bases"/> and writes the limits this run enforces with them.</summary>
    /// <param name="bases">Usable base directory per controller.</param>
    /// <param name="name">The run's name.</param>
    /// <param name="limits">The request's limits.</param>
    /// <param name="pidsOverhead">Wrapper processes that count against pids.max (bubblewrap's monitor and init).</param>
    public static RunCgroup Create(IReadOnlyDictionary<string, string> bases, string name, ResourceLimits limits, int pidsOverhead)
    {
        var directories = bases.ToDictionary(b => b.Key, b => Path.Join(b.Value, name), StringComparer.Ordinal);
        var cgroup = new RunCgroup(directories);
        try
        {
            foreach (var dir in cgroup.DistinctDirectories) Directory.CreateDirectory(dir);
            if (limits.MemoryBytes is { } memory && directories.TryGetValue("memory", out var mem))
            {
                Write(mem, "memory.limit_in_bytes", memory);
                // Without swap accounting (no memsw files) the limit still holds for RAM; swap is then the kernel's choice.
                if (File.Exists(Path.Join(mem, "memory.memsw.limit_in_bytes"))) Write(mem, "memory.memsw.limit_in_bytes", memory);
            }

            if (limits.Cpus is { } cpus && directories.TryGetValue("cpu", out var cpu))
            {
                Write(cpu, "cpu.cfs_period_us", CpuPeriodMicroseconds);
                Write(cpu, "cpu.cfs_quota_us", Math.Max(1000, (long)Math.Round(cpus * CpuPeriodMicroseconds)));
            }

            if (limits.Pids is { } pids && directories.TryGetValue("pids", out var pidsDir))
                Write(pidsDir, "pids.max", pids + pidsOverhead);
            return cgroup;
        }
        catch
        {
            // Nothing has joined yet: the directories are empty and rmdir succeeds at once.
            foreach (var dir in cgroup.DistinctDirectories.Where(Directory.Exists)) Directory.Delete(dir);
            throw;
        }
    }

    /// <summary>A handle on an existing run cgroup (found by a sweep).</summary>
    public static RunCgroup Existing(IReadOnlyDictionary<string, string> bases, string name) =>
        new(bases.Where(b => Directory.Exists(Path.Join(b.Value, name)))
                 .ToDictionary(b => b.Key, b => Path.Join(b.Value, name), StringComparer.Ordinal));

    /// <summary>CPU time (cpuacct) and peak memory (memory) of everything that ran in the cgroup.</summary>
    public ExecutionStats ReadStats()
    {
        TimeSpan? cpu = _directories.TryGetValue("cpuacct", out var acct) && TryRead(acct, "cpuacct.usage") is { } ns
            ? TimeSpan.FromTicks(ns / 100)
            : null;
        long? peak = _directories.TryGetValue("memory", out var mem) ? TryRead(mem, "memory.max_usage_in_bytes") : null;
        return new ExecutionStats(cpu, peak);
    }

    /// <summary>Whether the kernel OOM killer killed a process of this cgroup (memory.oom_control's oom_kill counter).</summary>
    public bool OomKilled()
    {
        if (!_directories.TryGetValue("memory", out var mem)) return false;
        try
        {
            foreach (var line in File.ReadLines(Path.Join(mem, "memory.oom_control")))
            {
                var parts = line.Split(' ');
                if (parts is ["oom_kill", var count] && long.TryParse(count, CultureInfo.InvariantCulture, out var n)) return n > 0;
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    /// <summary>The pids currently in the cgroup.</summary>
    public IReadOnlyList<int> Processes()
    {
        var pids = new HashSet<int>();
        foreach (var dir in DistinctDirectories)
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Join(dir, "cgroup.procs")))
                {
                    if (int.TryParse(line, CultureInfo.InvariantCulture, out var pid)) pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return [.. pids];
    }

    /// <summary>
    /// SIGKILLs every process in the cgroup until it is empty. Repeats because a process may fork between listing and
    /// killing; the pids limit bounds how often that can happen.
    /// </summary>
    public async Task KillAllAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var pids = Processes();
            if (pids.Count == 0) return;
            foreach (var pid in pids) Libc.Kill(pid);
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the cgroup directories; returns why one remains, or <c>null</c> when all are gone.</summary>
    public async Task<string?> RemoveAsync()
    {
        string? error = null;
        foreach (var dir in DistinctDirectories)
        {
            // A killed process lingers briefly as a zombie and keeps the cgroup busy: retry for up to ~2 s.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (Directory.Exists(dir)) Directory.Delete(dir);
                    break;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    if (attempt >= 100)
                    {
                        error = $"cannot remove cgroup {dir}: {ex.Message}";
                        break;
                    }

                    await Task.Delay(20).ConfigureAwait(false);
                }
            }
        }

        return error;
    }

    private static void Write(string dir, string file, long value) =>
        File.WriteAllText(Path.Join(dir, file), value.ToString(CultureInfo.InvariantCulture));

    private static long? TryRead(string dir, string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(Path.Join(dir, file)).Trim(), CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
