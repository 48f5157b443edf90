using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Core.Diagnostics;
using Sandbox.Core.Tests.Pooling;
using Sandbox.TestUtilities;
using static Sandbox.Core.Tests.SandboxRuntimeTests;

namespace Sandbox.Core.Tests.Diagnostics;

public sealed class RunTracingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_started_inside_an_activity_is_its_child_with_validation_and_queue_spans_inside_it()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = CreateRuntime();
        ExecutionResult result;
        using (var root = recorder.StartRoot())
        {
            result = await runtime.RunAsync(runtime.CreateRequest("echo", "hi") with { Id = "req-traced" }, cancellationToken: Ct);

            Assert.Equal("sandbox.run\n  sandbox.validate\n  queue", recorder.Tree(root));
            var run = Single(recorder, root, SandboxTelemetry.RunSpan);
            Assert.Equal(root.SpanId, run.ParentSpanId);
            Assert.Equal("fake", run.GetTagItem(SandboxTelemetry.ExecutorAttribute));
            Assert.Equal("container", run.GetTagItem(SandboxTelemetry.IsolationAttribute));
            Assert.Equal("ok", run.GetTagItem(SandboxTelemetry.OutcomeAttribute));
            Assert.Equal(0, run.GetTagItem(SandboxTelemetry.ExitCodeAttribute));
            Assert.Equal(false, run.GetTagItem(SandboxTelemetry.WarmAttribute));
            Assert.Equal("req-traced", run.GetTagItem(SandboxTelemetry.RequestIdAttribute));
            Assert.Equal(result.SandboxId, run.GetTagItem(SandboxTelemetry.SandboxIdAttribute));
            var children = recorder.Spans.Where(s => s.ParentSpanId == run.SpanId).ToList();
            Assert.All(children, c => Assert.InRange(c.StartTimeUtc, run.StartTimeUtc, run.StartTimeUtc + run.Duration));
            Assert.True(children.Sum(c => c.Duration.Ticks) <= run.Duration.Ticks, "the phases add up to at most the run");
        }
    }

    [Fact]
    public async Task A_rejected_request_has_a_run_span_with_its_rule_and_no_sandbox()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = CreateRuntime();
        using var root = recorder.StartRoot();

        await runtime.RunAsync(runtime.CreateRequest("echo", "forbidden"), cancellationToken: Ct);

        Assert.Equal("sandbox.run\n  sandbox.validate", recorder.Tree(root));
        var run = Single(recorder, root, SandboxTelemetry.RunSpan);
        Assert.Equal("rejected", run.GetTagItem(SandboxTelemetry.OutcomeAttribute));
        Assert.Equal("validationRejected", run.GetTagItem(SandboxTelemetry.ErrorTypeAttribute));
        Assert.Null(run.GetTagItem(SandboxTelemetry.SandboxIdAttribute));
        var validate = Single(recorder, root, SandboxTelemetry.ValidateSpan);
        Assert.Equal("rejected", validate.GetTagItem(SandboxTelemetry.OutcomeAttribute));
        var finding = Assert.Single(validate.Events);
        Assert.Equal("KW0001", finding.Tags.Single(t => t.Key == SandboxTelemetry.RuleAttribute).Value);
    }

    [Fact]
    public async Task A_run_continues_the_trace_of_an_incoming_W3C_traceparent()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = CreateRuntime();
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        recorder.Follow(traceId);
        ActivitySpanId server;
        using (var incoming = new Activity("incoming request").SetParentId($"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01").Start())
        {
            server = incoming.SpanId;
            await runtime.RunAsync(runtime.CreateRequest("echo", "hi"), cancellationToken: Ct);
        }

        var run = Assert.Single(recorder.Spans, s => s.OperationName == SandboxTelemetry.RunSpan && s.TraceId == traceId);
        Assert.Equal(server, run.ParentSpanId);
    }

    [Fact]
    public async Task A_run_that_throws_ends_its_span_as_an_error_of_that_kind()
    {
        using var recorder = new TelemetryRecorder();
        await using var runtime = CreateRuntime();
        using var root = recorder.StartRoot();

        await Assert.ThrowsAsync<EngineUnavailableException>(() => runtime.RunAsync(runtime.CreateRequest("engine-down"), cancellationToken: Ct));

        var run = Single(recorder, root, SandboxTelemetry.RunSpan);
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Equal("engineUnavailable", run.GetTagItem(SandboxTelemetry.ErrorTypeAttribute));
    }

    [Fact]
    public async Task A_session_command_is_a_span_with_its_exit_code_under_the_callers_activity()
    {
        using var recorder = new TelemetryRecorder();
        var fake = new FakeSessionExecutor();
        await using var session = SessionTelemetry.Observe(await fake.CreateSessionAsync(ExecutionRequest.For("idle"), Ct));
        using var root = recorder.StartRoot();

        await session.CopyInAsync([SandboxFile.FromText("a.txt", "x")], Ct);
        var result = await session.ExecAsync(SessionCommand.For("exit", "3"), Ct);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("sandbox.session.copy_in\nsandbox.session.exec", recorder.Tree(root));
        var exec = Single(recorder, root, SandboxTelemetry.SessionExecSpan);
        Assert.Equal(3, exec.GetTagItem(SandboxTelemetry.ExitCodeAttribute));
        Assert.Equal("exit_code", exec.GetTagItem(SandboxTelemetry.OutcomeAttribute));
        Assert.Equal(session.Id, exec.GetTagItem(SandboxTelemetry.SandboxIdAttribute));
    }

    private static Activity Single(TelemetryRecorder recorder, Activity root, string operation) =>
        Assert.Single(recorder.Spans, s => s.TraceId == root.TraceId && s.OperationName == operation);
}
