using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Core.Diagnostics;
using Sandbox.Core.Pooling;
using Sandbox.Core.Tests.Pooling;
using Sandbox.TestUtilities;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;
using static Sandbox.Core.Tests.SandboxRuntimeTests;

namespace Sandbox.Core.Tests.Diagnostics;

[Collection(nameof(TelemetryCollection))]
public sealed class RunMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_known_sequence_of_runs_gives_exact_counts_by_outcome()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = CreateRuntime();

        foreach (var command in new[] { "echo", "echo", "fail", "timeout", "oom", "forbidden" })
            await runtime.RunAsync(runtime.CreateRequest(command == "forbidden" ? ["echo", "forbidden"] : command == "fail" ? ["fail", "3"] : [command]), cancellationToken: Ct);
        await Assert.ThrowsAsync<EngineUnavailableException>(() => runtime.RunAsync(runtime.CreateRequest("engine-down"), cancellationToken: Ct));

        (string, object?) Fake = (ExecutorAttribute, "fake");
        Assert.Equal(7, recorder.Sum(RunsMetric, Fake));
        Assert.Equal(2, recorder.Sum(RunsMetric, Fake, (OutcomeAttribute, "ok"), (WarmAttribute, false)));
        Assert.Equal(1, recorder.Sum(RunsMetric, Fake, (OutcomeAttribute, "exit_code")));
        Assert.Equal(1, recorder.Sum(RunsMetric, Fake, (OutcomeAttribute, "timeout")));
        Assert.Equal(1, recorder.Sum(RunsMetric, Fake, (OutcomeAttribute, "oom")));
        Assert.Equal(1, recorder.Sum(RunsMetric, Fake, (OutcomeAttribute, "rejected")));
        Assert.Equal(1, recorder.Sum(RunsMetric, Fake, (OutcomeAttribute, "error")));
        Assert.Equal(7, recorder.Count(RunDurationMetric, Fake));
        Assert.Equal(1, recorder.Sum(OomKillsMetric, Fake));
        Assert.Equal(1, recorder.Sum(TimeoutsMetric, Fake));
        Assert.Equal(1, recorder.Sum(RejectionsMetric, (RuleAttribute, "KW0001")));
        Assert.Equal(7, recorder.Count(PhaseDurationMetric, Fake, (PhaseAttribute, "validate")));
        // The rejected run never queued; the others (the throwing one too) waited for a slot.
        Assert.Equal(5, recorder.Count(PhaseDurationMetric, Fake, (PhaseAttribute, "queue")));
    }

    [Fact]
    public async Task Gauges_report_live_and_queued_sandboxes_and_the_pool_by_state()
    {
        using var recorder = new TelemetryRecorder();
        await using var kit = new PoolTestKit(new PoolPolicy { MinIdle = 2, MaxSize = 4 });
        await kit.Executor.WarmAsync(PoolTestKit.Request("idle"), Ct);

        recorder.Observe();

        Assert.Equal(2, recorder.Sum(PoolSandboxesMetric, (ExecutorAttribute, "fake-sessions"), (PoolStateAttribute, "idle")));
        Assert.Equal(0, recorder.Sum(PoolSandboxesMetric, (ExecutorAttribute, "fake-sessions"), (PoolStateAttribute, "busy")));
        Assert.True(recorder.Sum(LiveMetric) >= 2, "the warm sandboxes hold live slots");
        Assert.Single(recorder.Measurements, m => m.Instrument == QueuedMetric);
    }

    [Fact]
    public async Task Orphans_removed_by_a_cleanup_sweep_are_counted()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = CreateRuntime();

        await runtime.GetExecutor().CleanupAsync(Ct);

        Assert.Equal(2, recorder.Sum(OrphansSweptMetric, (ExecutorAttribute, "fake")));
    }

    [Fact]
    public void A_run_whose_sandbox_could_not_be_removed_counts_as_a_cleanup_failure()
    {
        using var recorder = new TelemetryRecorder();
        var executor = new FakeSessionExecutor();

        using (var run = RunTelemetry.Start(executor, ExecutionRequest.For("echo")))
            run.Complete(new ExecutionResult { Executor = executor.Name, ExitCode = 0, CleanupSucceeded = false });

        Assert.Equal(1, recorder.Sum(CleanupFailuresMetric, (ExecutorAttribute, "fake-sessions")));
        Assert.Equal(1, recorder.Sum(RunsMetric, (ExecutorAttribute, "fake-sessions"), (OutcomeAttribute, "ok")));
    }
}
