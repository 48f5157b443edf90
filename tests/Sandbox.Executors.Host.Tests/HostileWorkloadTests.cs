using Sandbox.Abstractions;
using Sandbox.Testing;

namespace Sandbox.Executors.Host.Tests;

/// <summary>
/// Issue 19 on the host executor: the exit status is the wrapper process's (bubblewrap's monitor, outside the workload's
/// pid namespace), figures and OOM come from the run's cgroup, caps and flags from the executor, so a hostile workload
/// is reported truthfully and leaves nothing behind.
/// </summary>
public sealed class HostileWorkloadTests
{
    public static TheoryData<string> Workloads => HostileWorkloads.Names;

    private readonly HostRuns _runs = new(HostExecutors.Strongest);

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task A_host_run_reports_the_true_outcome_of_a_hostile_workload(string name)
    {
        // Outside a pid namespace the workload's parent and pid 1 are the host's own processes: never signal them.
        EngineGate.Require(_runs.Executor.Plan.Namespaces, "host executor with bubblewrap namespaces", "install bubblewrap (`bash build/setup.sh`)");
        var workload = HostileWorkloads.Named(name);
        var request = _runs.Request(workload.Command) with { Limits = ResourceLimits.Default with { OutputBytes = HostileWorkloads.OutputBytes, Timeout = TimeSpan.FromSeconds(60) } };

        var result = await _runs.RunAsync(ConformanceRequests.FitTo(request, _runs.Executor.Capabilities));

        HostileWorkloads.AssertTrueOutcome(workload, result);
    }
}
