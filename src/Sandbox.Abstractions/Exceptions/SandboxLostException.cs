namespace Sandbox.Abstractions;

/// <summary>
/// A sandbox stopped before it was given its command (its engine restarted, or it was removed from outside): the command
/// did not run, so running it again in another sandbox is safe. A warm pool does exactly that once.
/// </summary>
public sealed class SandboxLostException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sandboxId">The sandbox that was lost.</param>
    /// <param name="reason">What stopped it, e.g. <c>the docker engine restarted</c>.</param>
    /// <param name="engineWentAway">Whether its engine stopped answering meanwhile (<see cref="ErrorKind.EngineUnavailable"/>) rather than the sandbox alone being stopped (<see cref="ErrorKind.EngineError"/>).</param>
    public SandboxLostException(string sandboxId, string reason, bool engineWentAway)
        : base($"Sandbox {sandboxId} stopped before its command was handed to it ({reason}); the command did not run. Run it again: a fresh sandbox is used.")
    {
        SandboxId = sandboxId;
        EngineWentAway = engineWentAway;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => EngineWentAway ? ErrorKind.EngineUnavailable : ErrorKind.EngineError;

    /// <summary>The sandbox that was lost.</summary>
    public string SandboxId { get; }

    /// <summary>Whether its engine stopped answering meanwhile.</summary>
    public bool EngineWentAway { get; }
}
