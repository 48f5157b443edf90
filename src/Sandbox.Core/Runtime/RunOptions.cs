using Sandbox.Abstractions;

namespace Sandbox.Core;

/// <summary>Per-run choices that are not part of the request itself.</summary>
public sealed record RunOptions
{
    /// <summary>Default options: default executor, validation on.</summary>
    public static RunOptions Default { get; } = new();

    /// <summary>The executor to use; <c>null</c> uses the configured default.</summary>
    public string? Executor { get; init; }

    /// <summary>Skip the validators for this run. The result says so (<see cref="ValidationReport.Skipped"/>) and SBX0014 flags it.</summary>
    public bool SkipValidation { get; init; }

    /// <summary>User code the request will run, for code validators.</summary>
    public IReadOnlyList<SourceDocument> Sources { get; init; } = [];
}
