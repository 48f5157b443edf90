namespace Sandbox.Abstractions;

/// <summary>One thing a validator found.</summary>
/// <param name="RuleId">Stable rule id, e.g. <c>PY001</c> or <c>SBX0002</c>.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What was found and why it matters.</param>
public sealed record ValidationFinding(string RuleId, FindingSeverity Severity, string Message)
{
    /// <summary>The validator that reported it; filled in by the pipeline when empty.</summary>
    public string Validator { get; init; } = "";

    /// <summary>The source file it was found in, when it concerns code.</summary>
    public string? Path { get; init; }

    /// <summary>1-based line, when it concerns code.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column, when it concerns code.</summary>
    public int? Column { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var location = Path is null ? "" : Line is null ? $"{Path}: " : $"{Path}({Line},{Column ?? 1}): ";
        return $"{location}{Severity.ToString().ToLowerInvariant()} {RuleId}: {Message}";
    }
}
