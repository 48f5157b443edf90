namespace Sandbox.Toolkit;

/// <summary>How a supervised child process ended.</summary>
/// <param name="ExitCode">Its exit code (128 + signal when a signal killed it).</param>
/// <param name="TimedOut">The timeout expired and its processes were killed.</param>
/// <param name="Cancelled">The caller cancelled and its processes were killed.</param>
/// <param name="OutputDrained">Whether both output pipes reached their end; false when an escaped process held one open.</param>
public sealed record ChildProcessEnd(int ExitCode, bool TimedOut, bool Cancelled, bool OutputDrained);
