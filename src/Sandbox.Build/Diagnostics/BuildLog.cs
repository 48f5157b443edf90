using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Build.Diagnostics;

/// <summary>A place in a file a diagnostic points at; line and column are 0 when unknown.</summary>
internal readonly record struct SourceLocation(string File, int Line = 0, int Column = 0);

/// <summary>
/// The task's logging: every diagnostic carries its code and help link and points at a file (by default the
/// <c>&lt;SandboxRun&gt;</c> element in the project), and output lines arriving on the CLI's stdout and stderr
/// threads are logged one at a time.
/// </summary>
internal sealed class BuildLog(TaskLoggingHelper log, SourceLocation task)
{
    private readonly object _gate = new();

    /// <summary>The <c>&lt;SandboxRun&gt;</c> element that is running.</summary>
    public SourceLocation Task => task;

    /// <summary>Whether an error was logged, including a warning the build treats as an error.</summary>
    public bool HasLoggedErrors
    {
        get
        {
            lock (_gate) return log.HasLoggedErrors;
        }
    }

    /// <summary>Logs a task diagnostic at the task element.</summary>
    public void Report(BuildDiagnostic diagnostic, params object?[] args) => Report(diagnostic, task, args);

    /// <summary>Logs a task diagnostic at <paramref name="where"/>.</summary>
    public void Report(BuildDiagnostic diagnostic, SourceLocation where, params object?[] args)
    {
        var message = diagnostic.Format(args);
        if (diagnostic.Severity == DiagnosticSeverity.Error) Error(diagnostic.Code, diagnostic.HelpLink, where, message);
        else Warning(diagnostic.Code, diagnostic.HelpLink, where, message);
    }

    /// <summary>
    /// Logs a finding (an SBX rule or a validator's rule) with its rule id as the code, so NoWarn, WarningsAsErrors and
    /// TreatWarningsAsErrors treat it like the analyzer diagnostic with the same id.
    /// </summary>
    public void Finding(ValidationFinding finding, SourceLocation where)
    {
        var link = finding.RuleId.StartsWith("SBX", StringComparison.Ordinal) ? SandboxRules.GetHelpUri(finding.RuleId) : null;
        switch (finding.Severity)
        {
            case FindingSeverity.Error:
                Error(finding.RuleId, link, where, finding.Message);
                break;
            case FindingSeverity.Warning:
                Warning(finding.RuleId, link, where, finding.Message);
                break;
            default:
                Message($"{finding.RuleId}: {finding.Message}", MessageImportance.Normal);
                break;
        }
    }

    /// <summary>Logs a message (e.g. a line of the command's output).</summary>
    public void Message(string text, MessageImportance importance)
    {
        // No format arguments: the text is logged verbatim, braces and all.
        lock (_gate) log.LogMessage(importance, text);
    }

    private void Error(string code, string? helpLink, SourceLocation where, string message)
    {
        lock (_gate) log.LogError(null, code, null, helpLink, where.File, where.Line, where.Column, 0, 0, message);
    }

    private void Warning(string code, string? helpLink, SourceLocation where, string message)
    {
        lock (_gate) log.LogWarning(null, code, null, helpLink, where.File, where.Line, where.Column, 0, 0, message);
    }
}
