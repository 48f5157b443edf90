namespace Sandbox.Abstractions;

/// <summary>
/// The outcome of one run: one shape for every executor. A non-zero exit, a timeout or an OOM kill is a result,
/// not an exception.
/// </summary>
public sealed record ExecutionResult
{
    /// <summary>The command's exit code; <c>null</c> when it never started (rejected, or failed before start).</summary>
    public int? ExitCode { get; init; }

    /// <summary>Standard output, decoded as UTF-8, at most <see cref="ResourceLimits.OutputBytes"/> bytes of it.</summary>
    public string Stdout { get; init; } = "";

    /// <summary>Standard error, decoded as UTF-8, at most <see cref="ResourceLimits.OutputBytes"/> bytes of it.</summary>
    public string Stderr { get; init; } = "";

    /// <summary>Whether stdout exceeded the cap; the excess was drained and discarded.</summary>
    public bool StdoutTruncated { get; init; }

    /// <summary>Whether stderr exceeded the cap; the excess was drained and discarded.</summary>
    public bool StderrTruncated { get; init; }

    /// <summary>Whether the run hit its timeout and was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Whether the kernel killed the workload for exceeding its memory limit.</summary>
    public bool OomKilled { get; init; }

    /// <summary>Wall-clock time of the whole run, including sandbox creation and removal.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Time spent in each phase (create, copy-in, start, run, collect, remove, ...), in order.</summary>
    public IReadOnlyList<PhaseTiming> Phases { get; init; } = [];

    /// <summary>Resource usage of the workload, where the executor can measure it.</summary>
    public ExecutionStats Stats { get; init; } = ExecutionStats.Unknown;

    /// <summary>Files collected from <see cref="ExecutionRequest.OutputPaths"/>.</summary>
    public IReadOnlyList<CollectedFile> OutputFiles { get; init; } = [];

    /// <summary>The sandbox's id (container id, process id, ...); <c>null</c> when none was created.</summary>
    public string? SandboxId { get; init; }

    /// <summary>Name of the executor that ran (or refused) the request.</summary>
    public string Executor { get; init; } = "";

    /// <summary>The isolation the run actually had.</summary>
    public IsolationLevel IsolationLevel { get; init; }

    /// <summary>
    /// Features the request demanded that were not enforced because the caller set
    /// <see cref="ExecutionRequest.AllowWeakerIsolation"/>. <see cref="SandboxFeatures.None"/> for a fully enforced run.
    /// </summary>
    public SandboxFeatures WeakenedFeatures { get; init; }

    /// <summary>Whether the sandbox and everything created for it (temp dirs, containers, volumes) was removed.</summary>
    public bool CleanupSucceeded { get; init; } = true;

    /// <summary>What the validators found before the run.</summary>
    public ValidationReport Validation { get; init; } = ValidationReport.NotRun;

    /// <summary>Why the run did not happen or did not complete; <c>null</c> when the command ran.</summary>
    public ExecutionError? Error { get; init; }

    /// <summary>Egress through the filtering proxy (<see cref="ExecutionRequest.Egress"/>); <c>null</c> when the run had no allow-list.</summary>
    public NetworkReport? Network { get; init; }

    /// <summary>Non-fatal notes, e.g. a collected entry that was refused because it escaped the output directory.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether the command ran to completion and exited with 0.</summary>
    public bool Succeeded => Error is null && !TimedOut && !OomKilled && ExitCode == 0;

    /// <summary>A result for a request that never ran because of <paramref name="error"/>.</summary>
    public static ExecutionResult Failed(string executor, ExecutionError error, ValidationReport? validation = null) => new()
    {
        Executor = executor,
        Error = error,
        Validation = validation ?? ValidationReport.NotRun,
    };
}
