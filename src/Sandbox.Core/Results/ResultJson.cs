using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions;

namespace Sandbox.Core.Results;

/// <summary>
/// The documented JSON shape of an <see cref="ExecutionResult"/> (what <c>sandbox run --json</c> prints and the
/// MSBuild task's <c>ResultJson</c> holds). One object, camelCase, durations in milliseconds, file contents omitted.
/// </summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Readable output for people and scripts alike; the JSON is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes <paramref name="result"/>; <paramref name="writtenFiles"/> maps relative paths to where they were written on the host.</summary>
    public static string Serialize(ExecutionResult result, IReadOnlyDictionary<string, string>? writtenFiles = null) =>
        JsonSerializer.Serialize(ToDocument(result, writtenFiles), Options);

    /// <summary>The serializable shape of <paramref name="result"/>.</summary>
    public static ResultDocument ToDocument(ExecutionResult result, IReadOnlyDictionary<string, string>? writtenFiles = null) => new(
        result.ExitCode,
        result.Stdout,
        result.Stderr,
        result.StdoutTruncated,
        result.StderrTruncated,
        result.TimedOut,
        result.OomKilled,
        Math.Round(result.Duration.TotalMilliseconds, 1),
        result.Phases.ToDictionary(p => p.Name, p => Math.Round(p.Duration.TotalMilliseconds, 1)),
        new StatsDocument(result.Stats.CpuTime is { } cpu ? Math.Round(cpu.TotalMilliseconds, 1) : null, result.Stats.PeakMemoryBytes),
        result.SandboxId,
        result.Executor,
        result.IsolationLevel,
        [.. SandboxFeatureNames.Split(result.WeakenedFeatures).Select(SandboxFeatureNames.Describe)],
        result.CleanupSucceeded,
        [.. result.OutputFiles.Select(f => new OutputFileDocument(f.RelativePath, f.SandboxPath, f.Length, writtenFiles?.GetValueOrDefault(f.RelativePath)))],
        new ValidationDocument(result.Validation.Skipped, result.Validation.Rejected, result.Validation.Validators, result.Validation.Findings),
        result.Error is null ? null : new ErrorDocument(result.Error.Kind, result.Error.Message),
        result.Warnings);

    /// <summary>The JSON object of <c>sandbox run --json</c>.</summary>
#pragma warning disable CS1591 // Members mirror ExecutionResult, whose docs describe them; README documents the JSON.
    public sealed record ResultDocument(
        int? ExitCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated, bool TimedOut, bool OomKilled,
        double DurationMs, IReadOnlyDictionary<string, double> Phases, StatsDocument Stats, string? SandboxId, string Executor,
        IsolationLevel IsolationLevel, IReadOnlyList<string> WeakenedFeatures, bool CleanupSucceeded,
        IReadOnlyList<OutputFileDocument> OutputFiles, ValidationDocument Validation, ErrorDocument? Error, IReadOnlyList<string> Warnings);

    public sealed record StatsDocument(double? CpuTimeMs, long? PeakMemoryBytes);

    public sealed record OutputFileDocument(string Path, string SandboxPath, long Size, string? WrittenTo);

    public sealed record ValidationDocument(bool Skipped, bool Rejected, IReadOnlyList<string> Validators, IReadOnlyList<ValidationFinding> Findings);

    public sealed record ErrorDocument(ErrorKind Kind, string Message);
#pragma warning restore CS1591
}
