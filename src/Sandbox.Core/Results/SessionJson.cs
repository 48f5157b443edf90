using Sandbox.Abstractions;
using Sandbox.Core.Sessions;

namespace Sandbox.Core.Results;

/// <summary>
/// The documented JSON shapes of session reports: what <c>sandbox session test|build|stats --json</c> print and the
/// server's session endpoints return.
/// </summary>
public static class SessionJson
{
    /// <summary>The shape of a test run.</summary>
    public static TestDocument ToDocument(TestRunResult result) => new(
        result.Framework, result.Command, result.Passed, result.Failed, result.Skipped, result.FailedTests, result.CoveragePercent,
        result.Report is not null, result.Succeeded, ResultJson.ToDocument(result.Execution));

    /// <summary>The shape of a build.</summary>
    public static BuildDocument ToDocument(BuildRunResult result) =>
        new(result.Tool, result.Command, result.Succeeded, result.Errors, result.Warnings, ResultJson.ToDocument(result.Execution));

    /// <summary>The shape of a session's resource use.</summary>
    public static StatsDocument ToDocument(SessionStats stats) =>
        new(stats.CpuTime?.TotalMilliseconds, stats.MemoryBytes, stats.PeakMemoryBytes, stats.Pids, stats.NetworkRxBytes, stats.NetworkTxBytes);

#pragma warning disable CS1591 // Members mirror TestRunResult, BuildRunResult and SessionStats, whose docs describe them; docs/sessions.md documents the JSON.
    public sealed record TestDocument(TestFramework Framework, IReadOnlyList<string> Command, int Passed, int Failed, int Skipped,
        IReadOnlyList<string> FailedTests, double? CoveragePercent, bool Parsed, bool Succeeded, ResultJson.ResultDocument Execution);

    public sealed record BuildDocument(string Tool, IReadOnlyList<string> Command, bool Succeeded, int? Errors, int? Warnings, ResultJson.ResultDocument Execution);

    public sealed record StatsDocument(double? CpuTimeMs, long? MemoryBytes, long? PeakMemoryBytes, int? Pids, long? NetworkRxBytes, long? NetworkTxBytes);
#pragma warning restore CS1591
}
