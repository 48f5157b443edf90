using System.Diagnostics;

namespace Sandbox.Abstractions.Diagnostics;

/// <summary>
/// The telemetry catalog: the name of the framework's <see cref="ActivitySource"/> and <c>Meter</c>, and every span,
/// attribute and metric name, in one place (README's "Observability" table is checked against <see cref="Spans"/> and
/// <see cref="Metrics"/>). Names follow OpenTelemetry's semantic conventions where one exists (<c>error.type</c>,
/// <c>process.exit.code</c>, <c>container.image.name</c>). The framework emits through <c>System.Diagnostics</c> only:
/// with no listener, instrumentation costs a check.
/// </summary>
public static class SandboxTelemetry
{
    /// <summary>The name of the framework's <see cref="ActivitySource"/> and <c>Meter</c>: what an exporter subscribes to.</summary>
    public const string Name = "Sandbox";

    /// <summary>The framework's activity source. Plugins may start spans on it; phases timed by <see cref="PhaseTimer"/> do.</summary>
    public static ActivitySource Source { get; } = new(Name, typeof(SandboxTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// The log category of image pulls (start, each step, end, at Information): hosts that show only warnings can still
    /// let a pull's progress through, as the CLI does on stderr.
    /// </summary>
    public const string ImagePullLog = "Sandbox.ImagePull";

#pragma warning disable CS1591 // Each name is described by its entry in Spans, Metrics or the attribute summary.
    // Spans (operation names).
    public const string RunSpan = "sandbox.run";
    public const string ValidateSpan = "sandbox.validate";
    public const string PhaseSpan = "sandbox.phase";
    public const string SessionCreateSpan = "sandbox.session.create";
    public const string SessionExecSpan = "sandbox.session.exec";
    public const string SessionCopyInSpan = "sandbox.session.copy_in";
    public const string SessionCopyOutSpan = "sandbox.session.copy_out";
    public const string RemoteCallSpan = "sandbox.remote";

    // Attributes (span attributes and metric tags).
    public const string ExecutorAttribute = "sandbox.executor";
    public const string ImageAttribute = "container.image.name";
    public const string IsolationAttribute = "sandbox.isolation_level";
    public const string WarmAttribute = "sandbox.warm";
    public const string OutcomeAttribute = "sandbox.outcome";
    public const string ExitCodeAttribute = "process.exit.code";
    public const string ErrorTypeAttribute = "error.type";
    public const string SandboxIdAttribute = "sandbox.id";
    public const string RequestIdAttribute = "sandbox.request.id";
    public const string PhaseAttribute = "sandbox.phase";
    public const string RuleAttribute = "sandbox.rule.id";
    public const string PoolStateAttribute = "sandbox.pool.state";
    public const string ValidatorsAttribute = "sandbox.validators";
    public const string FindingsAttribute = "sandbox.findings";
    public const string EgressReasonAttribute = "sandbox.egress.reason";
    public const string NodeAttribute = "sandbox.node";

    // Outcomes (values of sandbox.outcome).
    public const string OutcomeOk = "ok";
    public const string OutcomeExitCode = "exit_code";
    public const string OutcomeTimeout = "timeout";
    public const string OutcomeOom = "oom";
    public const string OutcomeRejected = "rejected";
    public const string OutcomeError = "error";

    // Metrics (instrument names; Prometheus renders dots as underscores and adds the unit and _total).
    public const string RunsMetric = "sandbox.runs";
    public const string RunDurationMetric = "sandbox.run.duration";
    public const string PhaseDurationMetric = "sandbox.phase.duration";
    public const string LiveMetric = "sandbox.live";
    public const string QueuedMetric = "sandbox.queued";
    public const string PoolSandboxesMetric = "sandbox.pool.sandboxes";
    public const string OomKillsMetric = "sandbox.oom_kills";
    public const string TimeoutsMetric = "sandbox.timeouts";
    public const string RejectionsMetric = "sandbox.validation.rejections";
    public const string CleanupFailuresMetric = "sandbox.cleanup.failures";
    public const string OrphansSweptMetric = "sandbox.orphans.swept";
    public const string EgressBlockedMetric = "sandbox.egress.blocked";
#pragma warning restore CS1591

    /// <summary>Every span the framework starts, for documentation.</summary>
    public static IReadOnlyList<TelemetryName> Spans { get; } =
    [
        new(RunSpan, "span", "", "One run (RunAsync/ExecAsync): executor, image, isolation level, warm, outcome, exit code or error.type, sandbox and request id; on a server, its node (sandbox.node)."),
        new(ValidateSpan, "span", "", "Validators and the SBX inspection over one request; findings, rejected rule ids as events."),
        new(PhaseSpan, "span", "", "One phase of a run, named after it (queue, pool-acquire, create, copy-in, start, run, collect, remove, ...)."),
        new(SessionCreateSpan, "span", "", "Validating a session's spec and starting its sandbox."),
        new(SessionExecSpan, "span", "", "One command in a session: outcome and exit code as for a run."),
        new(SessionCopyInSpan, "span", "", "Files written into a session."),
        new(SessionCopyOutSpan, "span", "", "Files read out of a session."),
        new(RemoteCallSpan, "span", "", "One call of the CLI to a sandbox server (client kind): method, path and server; the server's spans continue its trace."),
    ];

    /// <summary>Every instrument of the framework's meter, for documentation.</summary>
    public static IReadOnlyList<TelemetryName> Metrics { get; } =
    [
        new(RunsMetric, "counter", "{run}", "Runs by executor, outcome (with error.type for errors) and warm."),
        new(RunDurationMetric, "histogram", "s", "Run duration, validation to cleanup, by executor, outcome and warm."),
        new(PhaseDurationMetric, "histogram", "s", "Phase duration by executor and phase (queue is the wait for a live-sandbox slot)."),
        new(LiveMetric, "gauge", "{sandbox}", "Sandboxes alive now (runs, sessions, warm ones)."),
        new(QueuedMetric, "gauge", "{run}", "Runs waiting for a live-sandbox slot."),
        new(PoolSandboxesMetric, "gauge", "{sandbox}", "Warm-pool sandboxes by executor, image and state (idle, busy, creating)."),
        new(OomKillsMetric, "counter", "{run}", "Runs and session commands killed for memory, by executor."),
        new(TimeoutsMetric, "counter", "{run}", "Runs and session commands killed for time, by executor."),
        new(RejectionsMetric, "counter", "{finding}", "Validation errors that rejected a request, by rule id."),
        new(CleanupFailuresMetric, "counter", "{sandbox}", "Sandboxes whose removal failed (left to the orphan sweep), by executor."),
        new(OrphansSweptMetric, "counter", "{sandbox}", "Leftover sandboxes removed by a cleanup sweep, by executor."),
        new(EgressBlockedMetric, "counter", "{attempt}", "Egress attempts refused by a run's allow-list proxy, by executor and reason (sandbox.egress.reason)."),
    ];
}

/// <summary>One entry of the telemetry catalog.</summary>
/// <param name="Name">The span or instrument name.</param>
/// <param name="Kind"><c>span</c>, <c>counter</c>, <c>histogram</c> or <c>gauge</c>.</param>
/// <param name="Unit">The instrument's unit (UCUM); empty for spans.</param>
/// <param name="Description">What it measures and its attributes.</param>
public sealed record TelemetryName(string Name, string Kind, string Unit, string Description)
{
    /// <summary>
    /// The name Prometheus shows for an instrument: dots become underscores, the exporter appends the unit of seconds
    /// and, for counters, <c>_total</c>. Empty for spans.
    /// </summary>
    public string PrometheusName => Kind == "span" ? "" : Name.Replace('.', '_') + (Unit == "s" ? "_seconds" : "") + (Kind == "counter" ? "_total" : "");

    /// <summary>The Prometheus label of attribute <paramref name="attribute"/> (dots become underscores).</summary>
    public static string PrometheusLabel(string attribute) => attribute.Replace('.', '_');
}
