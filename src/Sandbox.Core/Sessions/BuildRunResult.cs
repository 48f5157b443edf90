using Sandbox.Abstractions;

namespace Sandbox.Core.Sessions;

/// <summary>The outcome of <see cref="SessionOperations.RunBuildAsync"/>.</summary>
public sealed record BuildRunResult
{
    /// <summary>The build tool (e.g. <c>dotnet</c>, <c>go</c>, <c>maven</c>, <c>npm</c>, <c>python</c>), or <c>custom</c>.</summary>
    public required string Tool { get; init; }

    /// <summary>The command that ran.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Errors reported, when the tool's output says; <c>null</c> when it cannot be told.</summary>
    public int? Errors { get; init; }

    /// <summary>Warnings reported, when the tool's output says; <c>null</c> when it cannot be told.</summary>
    public int? Warnings { get; init; }

    /// <summary>The command's result.</summary>
    public required ExecutionResult Execution { get; init; }

    /// <summary>Whether the build completed and exited 0.</summary>
    public bool Succeeded => Execution.Succeeded;
}
