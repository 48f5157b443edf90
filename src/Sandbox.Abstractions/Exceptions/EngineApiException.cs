namespace Sandbox.Abstractions;

/// <summary>The engine refused an operation. The engine's own message is kept verbatim.</summary>
public sealed class EngineApiException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">What the framework was doing, e.g. <c>create container</c>.</param>
    /// <param name="statusCode">The HTTP status the engine answered with, when there was one.</param>
    /// <param name="engineMessage">The engine's message.</param>
    /// <param name="innerException">The underlying failure.</param>
    public EngineApiException(string operation, int? statusCode, string engineMessage, Exception? innerException = null)
        : base($"The engine refused to {operation}{(statusCode is null ? "" : $" (HTTP {statusCode})")}: {engineMessage}", innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
        EngineMessage = engineMessage;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.EngineError;

    /// <summary>What the framework was doing.</summary>
    public string Operation { get; }

    /// <summary>The engine's HTTP status, when known.</summary>
    public int? StatusCode { get; }

    /// <summary>The engine's message.</summary>
    public string EngineMessage { get; }
}
