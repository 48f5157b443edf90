using Sandbox.Abstractions;

namespace Sandbox.Core.Sessions;

/// <summary>The outcome of <see cref="SessionOperations.RunTestsAsync"/>.</summary>
public sealed record TestRunResult
{
    /// <summary>The runner used (detected or given).</summary>
    public required TestFramework Framework { get; init; }

    /// <summary>The command that ran.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The parsed counts; <c>null</c> when the output was not recognised.</summary>
    public TestReport? Report { get; init; }

    /// <summary>The command's result (exit code, output, timeout, ...).</summary>
    public required ExecutionResult Execution { get; init; }

    /// <summary>Tests that passed (0 when not parsed).</summary>
    public int Passed => Report?.Passed ?? 0;

    /// <summary>Tests that failed (0 when not parsed).</summary>
    public int Failed => Report?.Failed ?? 0;

    /// <summary>Tests skipped (0 when not parsed).</summary>
    public int Skipped => Report?.Skipped ?? 0;

    /// <summary>Names of the failed tests.</summary>
    public IReadOnlyList<string> FailedTests => Report?.FailedTests ?? [];

    /// <summary>Coverage in percent, when the runner reported it.</summary>
    public double? CoveragePercent => Report?.CoveragePercent;

    /// <summary>Whether the run completed, exited 0 and no test failed.</summary>
    public bool Succeeded => Execution.Succeeded && Failed == 0;
}
