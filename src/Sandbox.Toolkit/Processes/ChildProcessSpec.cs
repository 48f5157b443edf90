using Sandbox.Abstractions;

namespace Sandbox.Toolkit;

/// <summary>
/// What <see cref="ChildProcessRunner"/> starts: an argv (typically an isolation tool wrapping the workload), where,
/// with which environment, and the request's stdin, output cap, timeout and output observer.
/// </summary>
public sealed record ChildProcessSpec
{
    /// <summary>The PATH a workload gets when the request sets none (as a Debian image's default).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The program and its arguments; the program is looked up on the runner's own PATH.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The host directory the process starts in.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The complete environment of the process: nothing of the caller's environment is inherited.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Bytes written to standard input, which is then closed.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>Bytes kept per output stream; the rest is drained and discarded.</summary>
    public long OutputBytes { get; init; } = ResourceLimits.Default.OutputBytes;

    /// <summary>Wall-clock limit after which the whole process group is killed; <c>null</c> for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Receives output lines while the process runs.</summary>
    public Action<OutputLine>? OnOutput { get; init; }

    /// <summary>
    /// A spec that runs <paramref name="command"/> for <paramref name="request"/> in <paramref name="workingDirectory"/>:
    /// stdin, output cap, timeout and observer come from the request; the environment is <c>PATH</c>, <c>HOME</c> (the
    /// working directory) and <c>LANG</c>, overridden by the request's own variables.
    /// </summary>
    public static ChildProcessSpec For(ExecutionRequest request, IReadOnlyList<string> command, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = DefaultPath,
            ["HOME"] = workingDirectory,
            ["LANG"] = "C.UTF-8",
        };
        foreach (var (key, value) in request.Environment) environment[key] = value;
        return new ChildProcessSpec
        {
            Command = command,
            WorkingDirectory = workingDirectory,
            Environment = environment,
            StandardInput = request.StandardInput,
            OutputBytes = request.Limits.OutputBytes,
            Timeout = request.Limits.HasTimeout ? request.Limits.Timeout : null,
            OnOutput = request.OnOutput,
        };
    }
}

/// <summary>How a child process run by <see cref="ChildProcessRunner"/> ended.</summary>
/// <param name="ExitCode">Its exit code (128 + signal when a signal killed it, e.g. 137 after a timeout).</param>
/// <param name="TimedOut">Whether the timeout expired and the process group was killed.</param>
/// <param name="Stdout">Standard output, at most <see cref="ChildProcessSpec.OutputBytes"/> bytes of it.</param>
/// <param name="Stderr">Standard error, at most <see cref="ChildProcessSpec.OutputBytes"/> bytes of it.</param>
/// <param name="StdoutTruncated">Whether standard output exceeded the cap.</param>
/// <param name="StderrTruncated">Whether standard error exceeded the cap.</param>
/// <param name="ProcessId">The process id, usable as a sandbox id.</param>
public sealed record ChildProcessOutcome(int ExitCode, bool TimedOut, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated, int ProcessId)
{
    /// <summary>Whether a process that escaped the kill held the output pipes open (output after the kill was discarded).</summary>
    public bool OutputAbandoned { get; init; }

    /// <summary>
    /// The outcome as the core of an <see cref="ExecutionResult"/>: exit code, output, truncation, timeout and the process
    /// id as the sandbox id. The executor adds the rest (its name, isolation, phases, duration, cleanup).
    /// </summary>
    public ExecutionResult ToResult() => new()
    {
        ExitCode = ExitCode,
        Stdout = Stdout,
        Stderr = Stderr,
        StdoutTruncated = StdoutTruncated,
        StderrTruncated = StderrTruncated,
        TimedOut = TimedOut,
        SandboxId = ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Warnings = OutputAbandoned ? ["a process that escaped the kill held the output pipes open; output after the kill was discarded"] : [],
    };
}
