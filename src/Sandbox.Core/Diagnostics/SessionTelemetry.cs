using System.Diagnostics;
using Sandbox.Abstractions;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Core.Diagnostics;

/// <summary>Spans for creating a session, and a decorator that traces its commands while something listens.</summary>
internal static class SessionTelemetry
{
    public static Activity? StartCreate(IExecutor executor, ExecutionRequest spec) =>
        Source.StartActivity(SessionCreateSpan)?.SetTag(ExecutorAttribute, executor.Name).SetTag(ImageAttribute, spec.Image)
            .SetTag(IsolationAttribute, RunTelemetry.IsolationName(executor.IsolationLevel)).SetTag(RequestIdAttribute, spec.Id);

    /// <summary>
    /// <paramref name="session"/>, traced when anything listens now (a session opened before a listener is attached stays
    /// untraced: the check is made once, not per command).
    /// </summary>
    public static ISandboxSession Observe(ISandboxSession session, Activity? created = null)
    {
        created?.SetTag(SandboxIdAttribute, session.Id);
        return Source.HasListeners() || SandboxMetrics.Timeouts.Enabled || SandboxMetrics.OomKills.Enabled ? new TracedSession(session) : session;
    }

    public static Activity? Start(string name, ISandboxSession session) =>
        Source.StartActivity(name)?.SetTag(ExecutorAttribute, session.Executor).SetTag(SandboxIdAttribute, session.Id);

    public static ExecutionResult Completed(Activity? activity, ISandboxSession session, ExecutionResult result)
    {
        var outcome = Outcome.Of(result);
        SandboxMetrics.Completed(session.Executor, outcome, warm: false, duration: null, result);
        if (activity is null) return result;
        activity.SetTag(OutcomeAttribute, outcome.Name);
        if (result.ExitCode is { } exitCode) activity.SetTag(ExitCodeAttribute, exitCode);
        if (outcome.ErrorType is { } errorType) activity.SetTag(ErrorTypeAttribute, errorType).SetStatus(ActivityStatusCode.Error, result.Error?.Message);
        return result;
    }

    // An exception filter that never catches: the span records the failure while the stack is intact.
    public static bool Failed(Activity? activity, Exception exception)
    {
        var outcome = Outcome.Of(exception);
        activity?.SetTag(OutcomeAttribute, outcome.Name).SetTag(ErrorTypeAttribute, outcome.ErrorType).SetStatus(ActivityStatusCode.Error, exception.Message);
        return false;
    }
}
