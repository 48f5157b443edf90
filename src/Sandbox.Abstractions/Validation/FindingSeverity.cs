namespace Sandbox.Abstractions;

/// <summary>How serious a validation finding is. Any <see cref="Error"/> rejects the request.</summary>
public enum FindingSeverity
{
    /// <summary>For information only.</summary>
    Info = 0,

    /// <summary>Suspicious but allowed.</summary>
    Warning = 1,

    /// <summary>Not allowed: the request is rejected before any sandbox exists.</summary>
    Error = 2,
}
