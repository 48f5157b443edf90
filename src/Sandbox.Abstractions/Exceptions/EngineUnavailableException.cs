namespace Sandbox.Abstractions;

/// <summary>The container engine (or another service an executor needs) cannot be reached.</summary>
public sealed class EngineUnavailableException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="engine">Engine name, e.g. <c>docker</c>.</param>
    /// <param name="endpoint">The endpoint that was tried, e.g. <c>unix:///var/run/docker.sock</c>.</param>
    /// <param name="remedy">How to make it available, e.g. the command that starts it.</param>
    /// <param name="innerException">The underlying failure.</param>
    public EngineUnavailableException(string engine, string endpoint, string remedy, Exception? innerException = null)
        : base($"The {engine} engine is not reachable at {endpoint}: {remedy}", innerException)
    {
        Engine = engine;
        Endpoint = endpoint;
        Remedy = remedy;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.EngineUnavailable;

    /// <summary>Engine name.</summary>
    public string Engine { get; }

    /// <summary>The endpoint that was tried.</summary>
    public string Endpoint { get; }

    /// <summary>How to make the engine available.</summary>
    public string Remedy { get; }
}
