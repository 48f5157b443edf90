using System.Diagnostics;
using Sandbox.Abstractions;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Core.Diagnostics;

/// <summary>The span and metrics of one validation: findings, and for a rejection one event and one count per error.</summary>
internal static class ValidationTelemetry
{
    public static Activity? Start(ValidationContext context) =>
        Source.StartActivity(ValidateSpan)?.SetTag(ExecutorAttribute, context.Executor).SetTag(RequestIdAttribute, context.Request.Id);

    public static ValidationReport Completed(Activity? activity, ValidationContext context, ValidationReport report, long started)
    {
        if (SandboxMetrics.PhaseDuration.Enabled) SandboxMetrics.Phase(context.Executor, "validate", Stopwatch.GetElapsedTime(started));
        if (activity is null && !SandboxMetrics.Rejections.Enabled) return report;
        activity?.SetTag(ValidatorsAttribute, string.Join(',', report.Validators)).SetTag(FindingsAttribute, report.Findings.Count)
            .SetTag(OutcomeAttribute, report.Rejected ? OutcomeRejected : OutcomeOk);
        foreach (var finding in report.Findings.Where(f => f.Severity == FindingSeverity.Error))
        {
            activity?.AddEvent(new ActivityEvent("sandbox.finding", tags: new ActivityTagsCollection
            {
                [RuleAttribute] = finding.RuleId,
                ["sandbox.validator"] = finding.Validator,
                ["sandbox.finding.message"] = finding.Message,
            }));
            SandboxMetrics.Rejections.Add(1, new KeyValuePair<string, object?>(RuleAttribute, finding.RuleId));
        }

        return report;
    }
}
