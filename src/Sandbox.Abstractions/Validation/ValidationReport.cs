namespace Sandbox.Abstractions;

/// <summary>Everything the validator pipeline found for one request.</summary>
public sealed record ValidationReport
{
    /// <summary>The report of a request that has not been validated (e.g. an executor called directly).</summary>
    public static ValidationReport NotRun { get; } = new();

    /// <summary>The report when the caller turned validation off; <see cref="Skipped"/> is set so outputs can say so loudly.</summary>
    public static ValidationReport SkippedByCaller { get; } = new() { Skipped = true };

    /// <summary>Findings from every validator, in pipeline order.</summary>
    public IReadOnlyList<ValidationFinding> Findings { get; init; } = [];

    /// <summary>Names of the validators that ran.</summary>
    public IReadOnlyList<string> Validators { get; init; } = [];

    /// <summary>Whether validation was explicitly turned off for this run.</summary>
    public bool Skipped { get; init; }

    /// <summary>Whether any finding is an error, which rejects the request.</summary>
    public bool Rejected => Findings.Any(f => f.Severity == FindingSeverity.Error);
}
