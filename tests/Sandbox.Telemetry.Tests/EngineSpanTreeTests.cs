using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Core.Pooling;
using Sandbox.TestUtilities;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;
using static Sandbox.Telemetry.Tests.DockerRuntime;

namespace Sandbox.Telemetry.Tests;

/// <summary>The span trees of real runs: the phases the engine layer times are children of the run, and add up to it.</summary>
public sealed class EngineSpanTreeTests
{
    [Fact]
    public async Task A_cold_run_is_a_run_span_with_validation_and_every_engine_phase_inside_it()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = await StartAsync();
        using var root = recorder.StartRoot();

        var result = await runtime.RunAsync(runtime.CreateRequest("python3", "-c", "print(1)"), cancellationToken: Ct);

        Assert.Equal(0, result.ExitCode);
        var run = RunSpan(recorder, root);
        Assert.Equal("docker", run.GetTagItem(ExecutorAttribute));
        Assert.Equal(TestImages.Python, run.GetTagItem(ImageAttribute));
        Assert.Equal(false, run.GetTagItem(WarmAttribute));
        Assert.Equal(result.SandboxId, run.GetTagItem(SandboxIdAttribute));
        var phases = Children(recorder, run).Select(c => c.DisplayName).ToList();
        Assert.Equal([ValidateSpan, "queue", "create"], phases.Take(3));
        Assert.Subset(phases.ToHashSet(), new HashSet<string> { "start", "run", "remove" });
        AssertAddsUp(recorder, run);
    }

    [Fact]
    public async Task A_pooled_run_is_warm_and_starts_with_its_pool_acquire_phase()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = await StartAsync("""
            "pool": { "minIdle": 1, "maxSize": 1 }
            """);
        var pooled = Assert.IsType<PooledExecutor>(runtime.GetExecutor());
        await pooled.WarmAsync(runtime.CreateRequest("idle"), Ct);
        using var root = recorder.StartRoot();

        var result = await runtime.RunAsync(runtime.CreateRequest("python3", "-c", "print(2)"), cancellationToken: Ct);

        Assert.Equal("2\n", result.Stdout);
        var run = RunSpan(recorder, root);
        Assert.Equal(true, run.GetTagItem(WarmAttribute));
        var phases = Children(recorder, run).Select(c => c.DisplayName).ToList();
        Assert.Equal([ValidateSpan, "pool-acquire"], phases.Take(2));
        Assert.Contains("run", phases);
        Assert.DoesNotContain("create", phases);
        AssertAddsUp(recorder, run);
    }

    [Fact]
    public async Task A_session_command_is_a_span_under_the_callers_activity_and_the_container_carries_the_trace_id()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = await StartAsync();
        using var root = recorder.StartRoot();

        await using (var session = await runtime.CreateSessionAsync(runtime.CreateRequest("idle"), cancellationToken: Ct))
        {
            var result = await session.ExecAsync(SessionCommand.For("python3", "-c", "raise SystemExit(4)"), Ct);

            Assert.Equal(4, result.ExitCode);
            Assert.Equal(root.TraceId.ToHexString(), await SessionLabelAsync(session.Id, "org.sandbox-framework.trace-id"));
        }

        var create = Assert.Single(recorder.Spans, s => s.TraceId == root.TraceId && s.OperationName == SessionCreateSpan);
        Assert.Equal(root.SpanId, create.ParentSpanId);
        Assert.Contains(Children(recorder, create), c => c.OperationName == ValidateSpan);
        var exec = Assert.Single(recorder.Spans, s => s.TraceId == root.TraceId && s.OperationName == SessionExecSpan);
        Assert.Equal(root.SpanId, exec.ParentSpanId);
        Assert.Equal(4, exec.GetTagItem(ExitCodeAttribute));
        Assert.Equal("exit_code", exec.GetTagItem(OutcomeAttribute));
        Assert.Contains(Children(recorder, exec), c => c.DisplayName == "run");
        AssertAddsUp(recorder, exec);
    }

    private static Activity RunSpan(TelemetryRecorder recorder, Activity root)
    {
        var run = Assert.Single(recorder.Spans, s => s.TraceId == root.TraceId && s.OperationName == SandboxTelemetry.RunSpan);
        Assert.Equal(root.SpanId, run.ParentSpanId);
        Assert.Equal("ok", run.GetTagItem(OutcomeAttribute));
        return run;
    }

    private static List<Activity> Children(TelemetryRecorder recorder, Activity parent) =>
        [.. recorder.Spans.Where(s => s.ParentSpanId == parent.SpanId && s.TraceId == parent.TraceId).OrderBy(s => s.StartTimeUtc)];

    // Sequential phases: each starts and ends inside its parent, and together they take no longer than it.
    private static void AssertAddsUp(TelemetryRecorder recorder, Activity parent)
    {
        var children = Children(recorder, parent);
        Assert.NotEmpty(children);
        var end = parent.StartTimeUtc + parent.Duration;
        Assert.All(children, c => Assert.True(c.StartTimeUtc >= parent.StartTimeUtc && c.StartTimeUtc + c.Duration <= end, $"{c.DisplayName} lies outside {parent.DisplayName}"));
        Assert.True(children.Sum(c => c.Duration.Ticks) <= parent.Duration.Ticks, $"the phases of {parent.DisplayName} take longer than it");
    }

    // Asked of the engine itself, not of the framework.
    private static async Task<string> SessionLabelAsync(string session, string label)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["ps", "-a", "--filter", $"label=org.sandbox-framework.session={session}", "--format", $"{{{{.Label \"{label}\"}}}}"])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return output.Trim();
    }
}
