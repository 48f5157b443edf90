namespace Sandbox.Abstractions;

/// <summary>
/// Base of every infrastructure failure the framework reports. The message is one line that says what
/// happened and what to do; <see cref="Kind"/> lets scripts and the CLI's <c>--json</c> output branch on it.
/// </summary>
public abstract class SandboxException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected SandboxException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The error category.</summary>
    public abstract ErrorKind Kind { get; }
}
