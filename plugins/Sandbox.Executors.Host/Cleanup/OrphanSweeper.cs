using System.Globalization;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cgroups;
using Sandbox.Executors.Host.Files;
using Sandbox.Executors.Host.Native;

namespace Sandbox.Executors.Host.Cleanup;

/// <summary>
/// Removes what crashed hosts left behind: runs whose owner process is gone. For each it kills the processes still in
/// the run's cgroups or still working in its directory, removes the cgroups, then the directory.
/// </summary>
internal static class OrphanSweeper
{
    /// <summary>Sweeps orphans under <paramref name="tempRoot"/> and <paramref name="cgroupBases"/>.</summary>
    public static async Task<CleanupReport> SweepAsync(string tempRoot, IReadOnlyDictionary<string, string> cgroupBases, ILogger logger, CancellationToken cancellationToken)
    {
        int found = 0, removed = 0;
        var errors = new List<string>();
        foreach (var run in RunInventory.List(tempRoot, cgroupBases))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run.Name.Owner.IsAlive) continue;
            found++;
            var cgroup = RunCgroup.Existing(cgroupBases, run.Name.ToString());
            await cgroup.KillAllAsync(cancellationToken).ConfigureAwait(false);
            if (run.Directory is not null) KillProcessesWorkingIn(run.Directory);
            var problem = await cgroup.RemoveAsync().ConfigureAwait(false);
            problem ??= run.Directory is null ? null : RunDirectory.Remove(run.Directory);
            if (problem is null)
            {
                removed++;
                logger.LogInformation("Removed orphaned host sandbox {Run} (owner pid {Pid} is gone)", run.Name, run.Name.Owner.Pid);
            }
            else
            {
                errors.Add(problem);
                logger.LogWarning("Could not remove orphaned host sandbox {Run}: {Problem}", run.Name, problem);
            }
        }

        return new CleanupReport(found, removed, found - removed) { Errors = errors };
    }

    // Without namespaces or cgroups, a crashed host's workload is found by its working directory.
    private static void KillProcessesWorkingIn(string runDirectory)
    {
        var prefix = runDirectory + "/";
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var cwd = new DirectoryInfo(Path.Join(proc, "cwd")).LinkTarget;
                if (cwd is not null && (cwd + "/").StartsWith(prefix, StringComparison.Ordinal)) Libc.Kill(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or is not ours to inspect.
            }
        }
    }
}
