using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Core.Harness;

/// <summary>What a harness run returned: the code's result or its error, and the underlying run.</summary>
public sealed record HarnessResult
{
    /// <summary>Whether the code ran and returned a JSON-serializable result.</summary>
    public bool Ok { get; init; }

    /// <summary>The code's result (JSON), when <see cref="Ok"/>.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>Why the code failed, when not <see cref="Ok"/>.</summary>
    public HarnessError? Error { get; init; }

    /// <summary>The run itself: exit code, output, limits hit, timings, validation.</summary>
    public required ExecutionResult Execution { get; init; }
}

/// <summary>An error reported by the harness protocol.</summary>
/// <param name="Type">Exception type or protocol error (<c>HandlerNotFound</c>, <c>NotSerializable</c>, <c>OutputTooLarge</c>, <c>NoOutput</c>, ...).</param>
/// <param name="Message">What happened.</param>
/// <param name="Traceback">The code's stack trace, when there is one.</param>
public sealed record HarnessError(string Type, string Message, string? Traceback);
