using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Sandbox.Abstractions;
using Sandbox.Build.Cli;
using Sandbox.Build.Diagnostics;
using static Sandbox.Build.Diagnostics.BuildDiagnostics;

namespace Sandbox.Build.Results;

/// <summary>
/// Turns a finished run's <see cref="RunReport"/> into build diagnostics — an error for every way the step did not do
/// its job, a warning for every caveat — and into the collected-file items.
/// </summary>
internal sealed class ResultReporter(SandboxRun task, RunPlan plan, BuildLog log)
{
    /// <summary>Logs what <paramref name="report"/> says and returns the collected files as items.</summary>
    public ITaskItem[] Report(RunReport report)
    {
        ReportFindings(report);
        ReportCaveats(report);
        ReportOutcome(report);
        return [.. report.OutputFiles.Where(f => f.WrittenTo is not null).Select(ToItem)];
    }

    private void ReportFindings(RunReport report)
    {
        foreach (var finding in report.Findings)
        {
            // SBX warnings were reported before the run, worded for the task and the config; an SBX finding a policy
            // validator escalated to an error is new and is what rejected the run.
            if (finding.Severity != FindingSeverity.Error && finding.RuleId.StartsWith("SBX", StringComparison.Ordinal)) continue;
            var where = plan.CodeFile is not null && finding.Path is not null
                ? new SourceLocation(plan.CodeFile, finding.Line ?? 0, finding.Column ?? 0)
                : log.Task;
            log.Finding(finding, where);
        }
    }

    private void ReportCaveats(RunReport report)
    {
        if (report.WeakenedFeatures.Count > 0) log.Report(WeakenedIsolation, report.Executor, string.Join(", ", report.WeakenedFeatures));
        // After a failure, notes like "an output path was not found" are consequences of it, not news: keep them
        // in the log without adding warnings to the error.
        var failed = report.Error is not null || report.TimedOut || report.OomKilled || report.HarnessOk == false || report.ExitCode is not (0 or null);
        foreach (var warning in report.Warnings)
        {
            if (failed) log.Message(RunWarning.Format(warning), MessageImportance.Normal);
            else log.Report(RunWarning, warning);
        }

        if (!report.CleanupSucceeded) log.Report(CleanupFailed, report.SandboxId);
        if (report.StdoutTruncated) log.Report(OutputTruncated, "stdout");
        if (report.StderrTruncated) log.Report(OutputTruncated, "stderr");
    }

    private void ReportOutcome(RunReport report)
    {
        if (report.Error is { } error)
        {
            // A rejection's reasons are the error findings logged above; anything else is said here.
            if (error.Kind != "validationRejected" || !report.Findings.Any(f => f.Severity == FindingSeverity.Error))
                log.Report(SandboxFailed, plan.Display, error.Kind, error.Message);
        }
        else if (report.TimedOut)
        {
            log.Report(TimedOut, plan.Display, task.Timeout ?? "the configured timeout");
        }
        else if (report.OomKilled)
        {
            log.Report(OomKilled, plan.Display, task.Memory ?? "the configured limit");
        }
        else if (report.HarnessOk == false)
        {
            var failure = report.HarnessError ?? new HarnessFailure("Error", "the harness reported no result");
            log.Report(HarnessFailed, task.Code, task.Template, failure.Type, failure.Message);
        }
        else if (report.ExitCode is { } code && code != 0)
        {
            if (task.FailOnNonZeroExit) log.Report(NonZeroExit, plan.Display, code);
            else log.Message($"The command `{plan.Display}` exited with code {code} (FailOnNonZeroExit is false).", MessageImportance.Normal);
        }
    }

    private static TaskItem ToItem(CollectedOutput file)
    {
        var item = new TaskItem(file.WrittenTo);
        item.SetMetadata("SandboxPath", file.SandboxPath);
        item.SetMetadata("RelativePath", file.RelativePath);
        return item;
    }
}
