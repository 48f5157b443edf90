using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cgroups;
using Sandbox.Executors.Host.Cleanup;
using Sandbox.Executors.Host.Files;

namespace Sandbox.Executors.Host.Tests;

/// <summary>CleanupAsync removes what crashed hosts left behind, and nothing that belongs to a live host.</summary>
public sealed class OrphanSweepTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_orphaned_run_directory_cgroup_and_process_of_a_dead_owner_are_removed()
    {
        CapabilityProbingTests.RequireRootWithBubblewrap();
        // A temp root of its own: any host executor that starts meanwhile (other tests, other test processes) sweeps
        // the shared one and could take this orphan first.
        var tempRoot = Directory.CreateTempSubdirectory("orphan-sweep-").FullName;
        var executor = HostExecutors.Create(new { tempRoot });
        var orphan = new RunName(await DeadOwnerAsync(), "0rphan000001");
        var layout = RunDirectory.Create(RunDirectory.EnsureRoot(executor.TempRoot), orphan, "orphan-test");
        var cgroup = RunCgroup.Create(executor.Plan.Cgroups, orphan.ToString(), ResourceLimits.Default, 0);
        using var survivor = StartIn(layout.WorkDirectory, cgroup.ProcsFiles);
        var live = RunDirectory.Create(executor.TempRoot, RunName.New(), "live-owner-test");
        try
        {
            var report = await executor.CleanupAsync(Cancellation);

            Assert.True(report.Found >= 1 && report.Removed >= 1, $"found {report.Found}, removed {report.Removed}: {string.Join("; ", report.Errors)}");
            Assert.False(Directory.Exists(layout.RunDirectory));
            Assert.All(executor.Plan.Cgroups.Values, b => Assert.False(Directory.Exists(Path.Join(b, orphan.ToString()))));
            Assert.True(survivor.WaitForExit(TimeSpan.FromSeconds(5)), "the orphan's process still runs");
            Assert.True(Directory.Exists(live.RunDirectory), "a run of a live owner was swept");
        }
        finally
        {
            RunDirectory.Remove(live.RunDirectory);
            if (!survivor.HasExited) survivor.Kill();
            Directory.Delete(tempRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Without_cgroups_an_orphans_processes_are_found_by_their_working_directory()
    {
        var tempRoot = Directory.CreateTempSubdirectory("orphan-sweep-").FullName;
        var executor = HostExecutors.Create(new { tempRoot, isolation = "none", useCgroups = false });
        var orphan = new RunName(await DeadOwnerAsync(), "0rphan000002");
        var layout = RunDirectory.Create(RunDirectory.EnsureRoot(executor.TempRoot), orphan, "orphan-test");
        using var survivor = StartIn(layout.WorkDirectory, []);
        try
        {
            var report = await executor.CleanupAsync(Cancellation);

            Assert.True(report.Removed >= 1, string.Join("; ", report.Errors));
            Assert.True(survivor.WaitForExit(TimeSpan.FromSeconds(5)), "the orphan's process still runs");
            Assert.False(Directory.Exists(layout.RunDirectory));
        }
        finally
        {
            if (!survivor.HasExited) survivor.Kill();
            Directory.Delete(tempRoot, recursive: true);
        }
    }

    [Fact]
    public async Task When_the_host_is_killed_mid_run_its_sandbox_dies_and_the_sweep_removes_the_rest()
    {
        CapabilityProbingTests.RequireRootWithBubblewrap();
        var tempRoot = Directory.CreateTempSubdirectory("crash-test-").FullName;
        var marker = $"3600.{Random.Shared.Next(100000, 999999)}";
        using var host = TestHost.Start("crash", tempRoot, "crash-test", marker);
        try
        {
            Assert.Equal("started", await host.StandardOutput.ReadLineAsync(Cancellation));
            Assert.Single(Directory.GetDirectories(tempRoot));

            host.Kill(); // SIGKILL: no finally block, no cleanup in the host
            await host.WaitForExitAsync(Cancellation);

            await Eventually(() => ProcessesWith(marker) == 0, "the sandbox outlived its host");
            var executor = HostExecutors.Create(new { tempRoot });
            var report = await executor.CleanupAsync(Cancellation);
            Assert.True(report.Removed >= 1, string.Join("; ", report.Errors));
            Assert.Empty(Directory.GetDirectories(tempRoot));
            Assert.DoesNotContain(RunInventory.List(tempRoot, executor.Plan.Cgroups), r => r.Name.Owner.Pid == host.Id);
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
            Directory.Delete(tempRoot, recursive: true);
        }
    }

    // A pid and start time of a process that has exited: an owner that is certainly gone.
    private static async Task<RunOwner> DeadOwnerAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        var owner = new RunOwner(process.Id, RunOwner.ReadStartTicks(process.Id)!.Value);
        process.Kill();
        await process.WaitForExitAsync(Cancellation);
        Assert.False(owner.IsAlive);
        return owner;
    }

    // A long sleep standing in for a workload that outlived its host, inside the given cgroups and working directory.
    private static Process StartIn(string workingDirectory, IReadOnlyList<string> procsFiles)
    {
        var info = new ProcessStartInfo("sh") { WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { "-c", "for f; do echo $$ > \"$f\"; done; exec sleep 600", "sh" }.Concat(procsFiles)) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        Thread.Sleep(200); // let it join its cgroups before the sweep looks
        return process;
    }

    private static int ProcessesWith(string argument) =>
        Directory.EnumerateDirectories("/proc").Count(d =>
        {
            try
            {
                return File.ReadAllText(Path.Join(d, "cmdline")).Split('\0').Contains(argument);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static async Task Eventually(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(100, Cancellation);
        Assert.True(condition(), failure);
    }
}
