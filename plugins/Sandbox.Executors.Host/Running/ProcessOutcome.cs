namespace Sandbox.Executors.Host.Running;

/// <summary>How the wrapper process ended.</summary>
/// <param name="ExitCode">Its exit code (128 + signal when a signal killed it).</param>
/// <param name="TimedOut">The timeout expired and the tree was killed.</param>
/// <param name="Cancelled">The caller cancelled and the tree was killed.</param>
/// <param name="ProcessId">The wrapper's pid.</param>
/// <param name="OutputDrained">Whether both output pipes reached their end; false when an escaped process held one open.</param>
internal sealed record ProcessOutcome(int ExitCode, bool TimedOut, bool Cancelled, int ProcessId, bool OutputDrained);
