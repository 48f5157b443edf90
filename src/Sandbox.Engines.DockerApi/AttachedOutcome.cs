using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// How the container's command ended, and what it printed. <c>GateReported</c> says whether the gate reported the end;
/// otherwise the container's exit stands in for it.
/// </summary>
internal sealed record AttachedOutcome(int ExitCode, bool TimedOut, bool OomKilled, OutputCapture Stdout, OutputCapture Stderr, ExecutionStats Stats, bool GateReported = false)
{
    /// <summary>The result of a command in container <paramref name="sandboxId"/>, timed by <paramref name="timer"/>.</summary>
    public ExecutionResult ToResult(PhaseTimer timer, string sandboxId, string executor, SandboxFeatures weakened, IReadOnlyList<string> warnings) => new()
    {
        ExitCode = ExitCode,
        Stdout = Stdout.GetText(),
        Stderr = Stderr.GetText(),
        StdoutTruncated = Stdout.Truncated,
        StderrTruncated = Stderr.Truncated,
        TimedOut = TimedOut,
        OomKilled = OomKilled,
        Duration = timer.Elapsed,
        Phases = timer.Phases,
        Stats = Stats,
        SandboxId = sandboxId,
        Executor = executor,
        IsolationLevel = IsolationLevel.Container,
        WeakenedFeatures = weakened,
        Warnings = warnings,
    };
}
