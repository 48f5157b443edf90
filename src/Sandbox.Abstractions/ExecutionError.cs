namespace Sandbox.Abstractions;

/// <summary>Why a run did not happen or did not complete, in a form that survives serialization.</summary>
/// <param name="Kind">The category, stable for scripts.</param>
/// <param name="Message">One line saying what happened and what to do about it.</param>
public sealed record ExecutionError(ErrorKind Kind, string Message)
{
    /// <summary>Describes <paramref name="exception"/>; framework exceptions keep their kind, anything else is <see cref="ErrorKind.Internal"/>.</summary>
    public static ExecutionError FromException(Exception exception) => exception switch
    {
        SandboxException sandbox => new(sandbox.Kind, sandbox.Message),
        OperationCanceledException => new(ErrorKind.Cancelled, "The run was cancelled; its sandbox was removed."),
        _ => new(ErrorKind.Internal, $"{exception.GetType().Name}: {exception.Message}"),
    };
}
