using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>No sandbox became available in time: the warm pool is exhausted, or the live-sandbox limit was reached.</summary>
public sealed class CapacityExhaustedException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="what">What ran out, e.g. <c>the warm pool of docker sandbox/python:3.11</c>.</param>
    /// <param name="waited">How long the run waited; <see cref="TimeSpan.Zero"/> when it failed fast.</param>
    /// <param name="remedy">What to change, e.g. the configuration key to raise.</param>
    public CapacityExhaustedException(string what, TimeSpan waited, string remedy)
        : base($"No sandbox available from {what}{(waited > TimeSpan.Zero ? $" after waiting {waited.TotalSeconds:0.#} s" : "")}: {remedy}")
    {
        What = what;
        Waited = waited;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.CapacityExhausted;

    /// <summary>What ran out.</summary>
    public string What { get; }

    /// <summary>How long the run waited.</summary>
    public TimeSpan Waited { get; }
}
