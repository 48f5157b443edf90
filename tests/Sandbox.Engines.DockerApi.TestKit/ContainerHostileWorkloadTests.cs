using Sandbox.Abstractions;
using Sandbox.Testing;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Issue 19: a workload controls its own output and files, never the facts about its run. Each hostile workload is run
/// cold, as a single-use session's command (a pooled run) and as a command in a session, and must be reported with its
/// real exit status and flags, leaving nothing behind.
/// </summary>
public abstract class ContainerHostileWorkloadTests<TTarget> where TTarget : IEngineTarget
{
    public static TheoryData<string> Workloads => HostileWorkloads.ContainerNames;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task A_cold_run_reports_the_true_outcome_of_a_hostile_workload(string name)
    {
        var workload = HostileWorkloads.Named(name);
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request(workload.Command) with { Limits = ResourceLimits.Default with { OutputBytes = HostileWorkloads.OutputBytes, Timeout = TimeSpan.FromSeconds(60) } };

        var result = await executor.ExecuteAsync(request, Ct);

        HostileWorkloads.AssertTrueOutcome(workload, result);
        Assert.True(result.CleanupSucceeded);
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task A_single_use_session_reports_the_true_outcome_of_a_hostile_workload(string name)
    {
        var workload = HostileWorkloads.Named(name);
        var session = await TestEngine<TTarget>.SingleUseSessionAsync();
        ExecutionResult result;
        await using (session)
        {
            result = await session.ExecAsync(Command(workload), Ct);
        }

        HostileWorkloads.AssertTrueOutcome(workload, result);
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.Session, session.Id));
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task A_session_command_reports_the_true_outcome_of_a_hostile_workload_and_the_session_lives_on(string name)
    {
        var workload = HostileWorkloads.Named(name);
        var session = await TestEngine<TTarget>.SessionAsync();
        ExecutionResult result, next;
        await using (session)
        {
            result = await session.ExecAsync(Command(workload), Ct);
            next = await session.ExecAsync(SessionCommand.For("sh", "-c", "echo next; exit 2") with { Timeout = TimeSpan.FromSeconds(60) }, Ct);
        }

        HostileWorkloads.AssertTrueOutcome(workload, result, inSession: true);
        Assert.Equal((2, "next\n"), (next.ExitCode, next.Stdout));
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.Session, session.Id));
    }

    private static SessionCommand Command(HostileWorkload workload) =>
        SessionCommand.For(workload.Command) with { OutputBytes = HostileWorkloads.OutputBytes, Timeout = TimeSpan.FromSeconds(60) };
}
