using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Build.Results;

/// <summary>A file the CLI collected and wrote to the output directory.</summary>
internal sealed record CollectedOutput(string RelativePath, string SandboxPath, string? WrittenTo);

/// <summary>The failure of a template run's code, as the harness reported it.</summary>
internal sealed record HarnessFailure(string Type, string Message);

/// <summary>
/// What the task needs from the result file the CLI writes (<c>--result-file</c>): the shape of <c>sandbox run --json</c>
/// (Sandbox.Core's ResultJson), or for a template run the <c>sandbox exec --json</c> object that wraps it in
/// <c>execution</c>. Read by name so the task does not load Sandbox.Core to deserialize it.
/// </summary>
internal sealed record RunReport
{
    public int? ExitCode { get; init; }

    public bool TimedOut { get; init; }

    public bool OomKilled { get; init; }

    public bool StdoutTruncated { get; init; }

    public bool StderrTruncated { get; init; }

    public string? SandboxId { get; init; }

    public string Executor { get; init; } = "";

    public bool CleanupSucceeded { get; init; } = true;

    public IReadOnlyList<string> WeakenedFeatures { get; init; } = [];

    public IReadOnlyList<CollectedOutput> OutputFiles { get; init; } = [];

    public bool ValidationSkipped { get; init; }

    public IReadOnlyList<ValidationFinding> Findings { get; init; } = [];

    /// <summary>The framework error (kind, message) when the command did not run or did not complete.</summary>
    public (string Kind, string Message)? Error { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For a template run: whether the code returned a result.</summary>
    public bool? HarnessOk { get; init; }

    /// <summary>For a template run that failed: the code's error.</summary>
    public HarnessFailure? HarnessError { get; init; }

    /// <summary>Parses a result file's text.</summary>
    /// <exception cref="JsonException">It is not the documented shape.</exception>
    public static RunReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var isTemplateRun = root.TryGetProperty("execution", out var execution);
        var run = isTemplateRun ? execution : root;
        var validation = run.GetProperty("validation");
        return new RunReport
        {
            ExitCode = run.GetProperty("exitCode") is { ValueKind: JsonValueKind.Number } code ? code.GetInt32() : null,
            TimedOut = run.GetProperty("timedOut").GetBoolean(),
            OomKilled = run.GetProperty("oomKilled").GetBoolean(),
            StdoutTruncated = run.GetProperty("stdoutTruncated").GetBoolean(),
            StderrTruncated = run.GetProperty("stderrTruncated").GetBoolean(),
            SandboxId = run.GetProperty("sandboxId").GetString(),
            Executor = run.GetProperty("executor").GetString() ?? "",
            CleanupSucceeded = run.GetProperty("cleanupSucceeded").GetBoolean(),
            WeakenedFeatures = [.. run.GetProperty("weakenedFeatures").EnumerateArray().Select(f => f.GetString() ?? "")],
            OutputFiles = [.. run.GetProperty("outputFiles").EnumerateArray().Select(f => new CollectedOutput(
                f.GetProperty("path").GetString() ?? "", f.GetProperty("sandboxPath").GetString() ?? "", f.GetProperty("writtenTo").GetString()))],
            ValidationSkipped = validation.GetProperty("skipped").GetBoolean(),
            Findings = ReadFindings(validation.GetProperty("findings")),
            Error = run.GetProperty("error") is { ValueKind: JsonValueKind.Object } error
                ? (error.GetProperty("kind").GetString() ?? "internal", error.GetProperty("message").GetString() ?? "")
                : null,
            Warnings = [.. run.GetProperty("warnings").EnumerateArray().Select(w => w.GetString() ?? "")],
            HarnessOk = isTemplateRun ? root.GetProperty("ok").GetBoolean() : null,
            HarnessError = isTemplateRun && root.GetProperty("error") is { ValueKind: JsonValueKind.Object } harness
                ? new HarnessFailure(harness.GetProperty("type").GetString() ?? "Error", harness.GetProperty("message").GetString() ?? "")
                : null,
        };
    }

    /// <summary>Reads findings as the CLI prints them (camelCase, severity as a camelCase name).</summary>
    public static IReadOnlyList<ValidationFinding> ReadFindings(JsonElement findings) =>
        [.. findings.EnumerateArray().Select(f => new ValidationFinding(
            f.GetProperty("ruleId").GetString() ?? "",
            Enum.Parse<FindingSeverity>(f.GetProperty("severity").GetString() ?? nameof(FindingSeverity.Warning), ignoreCase: true),
            f.GetProperty("message").GetString() ?? "")
        {
            Validator = f.TryGetProperty("validator", out var v) ? v.GetString() ?? "" : "",
            Path = f.TryGetProperty("path", out var p) ? p.GetString() : null,
            Line = f.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null,
            Column = f.TryGetProperty("column", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null,
        })];
}
