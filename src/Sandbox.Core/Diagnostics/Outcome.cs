using Sandbox.Abstractions;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Core.Diagnostics;

/// <summary>How a run ended, as the <c>sandbox.outcome</c> attribute and <c>error.type</c> name it.</summary>
/// <param name="Name">ok, exit_code, timeout, oom, rejected or error.</param>
/// <param name="ErrorType">For an error: the error kind (camelCase, as in the JSON result) or the exception type.</param>
internal readonly record struct Outcome(string Name, string? ErrorType = null)
{
    // One string per kind, made once: naming an outcome allocates nothing.
    private static readonly string[] KindNames = [.. Enum.GetValues<ErrorKind>().Select(k => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..])];

    public bool IsError => Name == OutcomeError;

    public static Outcome Of(ExecutionResult result) => result switch
    {
        { Error.Kind: ErrorKind.ValidationRejected } => new(OutcomeRejected, KindName(ErrorKind.ValidationRejected)),
        { Error: { } error } => new(OutcomeError, KindName(error.Kind)),
        { TimedOut: true } => new(OutcomeTimeout),
        { OomKilled: true } => new(OutcomeOom),
        { ExitCode: 0 } => new(OutcomeOk),
        _ => new(OutcomeExitCode),
    };

    public static Outcome Of(Exception exception) => exception switch
    {
        SandboxException sandbox => new(OutcomeError, KindName(sandbox.Kind)),
        OperationCanceledException => new(OutcomeError, KindName(ErrorKind.Cancelled)),
        _ => new(OutcomeError, exception.GetType().FullName),
    };

    private static string KindName(ErrorKind kind) => (int)kind >= 0 && (int)kind < KindNames.Length ? KindNames[(int)kind] : kind.ToString();
}
