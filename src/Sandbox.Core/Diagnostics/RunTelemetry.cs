using System.Diagnostics;
using Sandbox.Abstractions;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Core.Diagnostics;

/// <summary>
/// The telemetry of one run: its span (a child of the caller's activity, so W3C trace context carries through) and its
/// metrics. Exists only while something listens: <see cref="Start"/> returns <c>null</c> otherwise, and every member
/// is called through the null-tolerant extensions of <see cref="RunTelemetryExtensions"/>.
/// </summary>
internal sealed class RunTelemetry : IDisposable
{
    private static readonly AsyncLocal<RunTelemetry?> CurrentRun = new();

    private readonly Activity? _activity;
    private readonly RunTelemetry? _outer;
    private readonly string _executor;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _ended;

    private RunTelemetry(Activity? activity, string executor)
    {
        _activity = activity;
        _executor = executor;
        _outer = CurrentRun.Value;
        CurrentRun.Value = this;
    }

    /// <summary>Whether the run got a ready sandbox from a warm pool.</summary>
    public bool Warm { get; private set; }

    /// <summary>Starts the telemetry of a run of <paramref name="request"/> on <paramref name="executor"/>; <c>null</c> when nothing listens.</summary>
    public static RunTelemetry? Start(IExecutor executor, ExecutionRequest request)
    {
        if (!Source.HasListeners() && !SandboxMetrics.Enabled) return null;
        var activity = Source.StartActivity(RunSpan);
        activity?.SetTag(ExecutorAttribute, executor.Name)
            .SetTag(ImageAttribute, request.Image)
            .SetTag(IsolationAttribute, IsolationName(executor.IsolationLevel))
            .SetTag(RequestIdAttribute, request.Id);
        return new RunTelemetry(activity, executor.Name);
    }

    /// <summary>Marks the current run (if any is observed) as served by a warm sandbox.</summary>
    public static void MarkWarm()
    {
        if (CurrentRun.Value is { } run) run.Warm = true;
    }

    /// <summary>
    /// Records an exception that is ending the current run. Meant for an exception filter: it returns <c>false</c>, so
    /// nothing is caught and the stack is intact.
    /// </summary>
    public static bool Failed(Exception exception)
    {
        CurrentRun.Value?.End(Outcome.Of(exception), null);
        return false;
    }

    /// <summary>Records the run's result and returns it.</summary>
    public ExecutionResult Record(ExecutionResult result)
    {
        End(Outcome.Of(result), result);
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // A run that ended neither with a result nor through Failed: an exception no filter saw.
        End(new Outcome(OutcomeError, "_OTHER"), null);
        _activity?.Dispose();
        CurrentRun.Value = _outer;
    }

    internal static string IsolationName(IsolationLevel level) => level switch
    {
        IsolationLevel.None => "none",
        IsolationLevel.Process => "process",
        IsolationLevel.Namespace => "namespace",
        IsolationLevel.Container => "container",
        IsolationLevel.VirtualMachine => "virtualMachine",
        _ => level.ToString(),
    };

    private void End(Outcome outcome, ExecutionResult? result)
    {
        if (_ended) return;
        _ended = true;
        var executor = result?.Executor is { Length: > 0 } ran ? ran : _executor;
        if (SandboxMetrics.Enabled) SandboxMetrics.Completed(executor, outcome, Warm, Stopwatch.GetElapsedTime(_started), result);
        if (_activity is not { } activity) return;
        activity.SetTag(ExecutorAttribute, executor).SetTag(WarmAttribute, Warm).SetTag(OutcomeAttribute, outcome.Name);
        if (outcome.ErrorType is { } errorType) activity.SetTag(ErrorTypeAttribute, errorType);
        if (outcome.IsError) activity.SetStatus(ActivityStatusCode.Error, result?.Error?.Message);
        if (result?.SandboxId is null) return;
        activity.SetTag(SandboxIdAttribute, result.SandboxId).SetTag(IsolationAttribute, IsolationName(result.IsolationLevel));
        if (result.ExitCode is { } exitCode) activity.SetTag(ExitCodeAttribute, exitCode);
    }
}

/// <summary>Null-tolerant calls on <see cref="RunTelemetry"/>, so call sites need no check.</summary>
internal static class RunTelemetryExtensions
{
    /// <summary>Records <paramref name="result"/> on the run's telemetry, if observed, and returns it.</summary>
    public static ExecutionResult Complete(this RunTelemetry? run, ExecutionResult result) => run is null ? result : run.Record(result);
}
