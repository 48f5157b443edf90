using Sandbox.Abstractions;
using Sandbox.Testing;
using static Sandbox.Core.Pooling.Tests.DockerPool;

namespace Sandbox.Core.Pooling.Tests;

/// <summary>
/// Issue 19 through the pool (the fastest path, a single-use session per run): a hostile workload is reported with its
/// real exit status and flags, with the sandbox removed inline or in the background, and nothing is left behind.
/// </summary>
public sealed class DockerPoolHostileWorkloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, bool> Cases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var workload in HostileWorkloads.InContainers)
        {
            cases.Add(workload.Name, false);
            cases.Add(workload.Name, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_pooled_run_reports_the_true_outcome_of_a_hostile_workload(string name, bool removeInBackground)
    {
        var workload = HostileWorkloads.Named(name);
        await using var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 1, RemoveInBackground = removeInBackground });
        var request = Request(workload.Command) with { Limits = ResourceLimits.Default with { OutputBytes = HostileWorkloads.OutputBytes, Timeout = TimeSpan.FromSeconds(60) } };

        var result = await pool.Executor.ExecuteAsync(request, Ct);
        await pool.DisposeAsync();

        HostileWorkloads.AssertTrueOutcome(workload, result);
        Assert.Equal("pool-acquire", result.Phases[0].Name);
        Assert.Equal(0, await pool.CountLeftoversAsync(request.Id!));
    }

    [Fact]
    public async Task A_pooled_run_reports_the_cgroups_cpu_time_and_peak_memory()
    {
        await using var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 1 });

        var result = await pool.Executor.ExecuteAsync(Request("python3", "-c", "x = ' ' * 60_000_000\nsum(range(3_000_000))"), Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal("pool-acquire", result.Phases[0].Name);
        Assert.True(result.Stats.CpuTime > TimeSpan.FromMilliseconds(10), $"CPU {result.Stats.CpuTime}");
        Assert.True(result.Stats.PeakMemoryBytes >= 60_000_000, $"peak {result.Stats.PeakMemoryBytes}");
        Assert.DoesNotContain(result.Warnings, w => w.Contains("cpuTime", StringComparison.Ordinal));
    }
}
