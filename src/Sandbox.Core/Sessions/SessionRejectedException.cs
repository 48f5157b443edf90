using Sandbox.Abstractions;

namespace Sandbox.Core.Sessions;

/// <summary>A validator rejected a session's spec; no sandbox was created.</summary>
public sealed class SessionRejectedException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    public SessionRejectedException(string message, ValidationReport report)
        : base(message)
    {
        Report = report;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.ValidationRejected;

    /// <summary>What the validators found.</summary>
    public ValidationReport Report { get; }
}
