using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
        // One converter per enum the documents hold, so that a build compiled ahead of time has them all (a test walks
        // the documents for enums without one).
        Converters = { EnumNames.CamelCase<ErrorKind>(), EnumNames.CamelCase<FindingSeverity>(), EnumNames.CamelCase<IsolationLevel>(),
            EnumNames.CamelCase<Sessions.TestFramework>() },
        // The documents' metadata is generated; anything else a caller serializes with these settings falls back to
        // reflection, where there is reflection (not in the CLI compiled ahead of time).
        TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(DocumentJsonContext.Default, new DefaultJsonTypeInfoResolver())
            : DocumentJsonContext.Default,
    };

    /// <summary>
    /// The settings every document of the CLI and the server is written with (camelCase, enums as camelCase strings,
    /// indented), so both print the same text for the same result.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions => Options;

    /// <summary>Serializes <paramref name="result"/>; <paramref name="writtenFiles"/> maps relative paths to where they were written on the host.</summary>
    public static string Serialize(ExecutionResult result, IReadOnlyDictionary<string, string>? writtenFiles = null) =>
        JsonSerializer.Serialize(ToDocument(result, writtenFiles), TypeInfo<ResultDocument>());

    /// <summary>
    /// The serializable shape of <paramref name="result"/>. With <paramref name="inlineFileBytes"/> the collected files'
    /// contents travel inline (base64) while their total stays within that many bytes; larger files are listed without.
    /// </summary>
    public static ResultDocument ToDocument(ExecutionResult result, IReadOnlyDictionary<string, string>? writtenFiles = null, long inlineFileBytes = 0)
    {
        var budget = inlineFileBytes;
        return ToDocument(result, [.. result.OutputFiles.Select(f => new OutputFileDocument(f.RelativePath, f.SandboxPath, f.Length, writtenFiles?.GetValueOrDefault(f.RelativePath))
        {
            ContentBase64 = (budget -= f.Length) >= 0 ? Convert.ToBase64String(f.Content.Span) : null,
        })]);
    }

    /// <summary>
    /// The result a document describes (what a client of the server gets back): the inverse of
    /// <see cref="ToDocument(ExecutionResult, IReadOnlyDictionary{string, string}?, long)"/>, with file contents taken from
    /// <c>contentBase64</c> where present.
    /// </summary>
    public static ExecutionResult FromDocument(ResultDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var weakened = SandboxFeatures.None;
        foreach (var flag in Enum.GetValues<SandboxFeatures>().Where(f => f != SandboxFeatures.None && document.WeakenedFeatures.Contains(SandboxFeatureNames.Describe(f))))
            weakened |= flag;
        return new ExecutionResult
        {
            ExitCode = document.ExitCode,
            Stdout = document.Stdout,
            Stderr = document.Stderr,
            StdoutTruncated = document.StdoutTruncated,
            StderrTruncated = document.StderrTruncated,
            TimedOut = document.TimedOut,
            OomKilled = document.OomKilled,
            Duration = TimeSpan.FromMilliseconds(document.DurationMs),
            Phases = [.. document.Phases.Select(p => new PhaseTiming(p.Key, TimeSpan.FromMilliseconds(p.Value)))],
            Stats = new ExecutionStats(document.Stats.CpuTimeMs is { } cpu ? TimeSpan.FromMilliseconds(cpu) : null, document.Stats.PeakMemoryBytes),
            OutputFiles = [.. document.OutputFiles.Select(f => new CollectedFile(f.Path, f.SandboxPath, f.ContentBase64 is { } content ? Convert.FromBase64String(content) : ReadOnlyMemory<byte>.Empty))],
            SandboxId = document.SandboxId,
            Executor = document.Executor,
            IsolationLevel = document.IsolationLevel,
            WeakenedFeatures = weakened,
            CleanupSucceeded = document.CleanupSucceeded,
            Validation = new ValidationReport { Skipped = document.Validation.Skipped, Validators = document.Validation.Validators, Findings = document.Validation.Findings },
            Error = document.Error is { } error ? new ExecutionError(error.Kind, error.Message) : null,
            Warnings = document.Warnings,
            Network = document.Network,
        };
    }

    /// <summary>Reads a document as <see cref="Serialize"/> (or the server) writes it.</summary>
    public static ResultDocument? Deserialize(string json) => JsonSerializer.Deserialize(json, TypeInfo<ResultDocument>());

    /// <summary>The metadata of <typeparamref name="T"/> with these settings (no reflection where the type's metadata is generated).</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static ResultDocument ToDocument(ExecutionResult result, IReadOnlyList<OutputFileDocument> files) => new(
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
        files,
        new ValidationDocument(result.Validation.Skipped, result.Validation.Rejected, result.Validation.Validators, result.Validation.Findings),
        result.Error is null ? null : new ErrorDocument(result.Error.Kind, result.Error.Message),
        result.Warnings)
    {
        Network = result.Network,
    };

    /// <summary>The JSON object of <c>sandbox run --json</c>.</summary>
#pragma warning disable CS1591 // Members mirror ExecutionResult, whose docs describe them; README documents the JSON.
    public sealed record ResultDocument(
        int? ExitCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated, bool TimedOut, bool OomKilled,
        double DurationMs, IReadOnlyDictionary<string, double> Phases, StatsDocument Stats, string? SandboxId, string Executor,
        IsolationLevel IsolationLevel, IReadOnlyList<string> WeakenedFeatures, bool CleanupSucceeded,
        IReadOnlyList<OutputFileDocument> OutputFiles, ValidationDocument Validation, ErrorDocument? Error, IReadOnlyList<string> Warnings)
    {
        /// <summary>
        /// Egress through the allow-list proxy (<c>allowed</c>: host, port, requests, bytes; <c>blocked</c>: host, port,
        /// count, why); only present for runs with an allow-list.
        /// </summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public NetworkReport? Network { get; init; }

        /// <summary>The server node that ran it (the server's results only; absent from a local run's).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Node { get; init; }
    }

    public sealed record StatsDocument(double? CpuTimeMs, long? PeakMemoryBytes);

    public sealed record OutputFileDocument(string Path, string SandboxPath, long Size, string? WrittenTo)
    {
        /// <summary>The file's content, inline only where the caller asked for it (the server's responses); absent otherwise.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? ContentBase64 { get; init; }
    }

    public sealed record ValidationDocument(bool Skipped, bool Rejected, IReadOnlyList<string> Validators, IReadOnlyList<ValidationFinding> Findings);

    public sealed record ErrorDocument(ErrorKind Kind, string Message);
#pragma warning restore CS1591
}
