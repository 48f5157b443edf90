using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>What one command in an attached container is given and held to.</summary>
/// <param name="Stdin">Bytes written to the container's stdin before it is closed; <c>null</c> when stdin is not attached.</param>
/// <param name="Timeout">When the container is killed; <c>null</c> for never.</param>
/// <param name="OutputBytes">Bytes kept per output stream.</param>
/// <param name="OnOutput">Receives lines while the command runs.</param>
/// <param name="MemoryLimited">Whether a memory limit applies (an unexplained SIGKILL is then an OOM kill on engines that do not say).</param>
internal sealed record AttachedCommand(ReadOnlyMemory<byte>? Stdin, TimeSpan? Timeout, long OutputBytes, Action<OutputLine>? OnOutput, bool MemoryLimited)
{
    /// <summary>
    /// Set when the container's process reports the command's end in-band (a single-use session's gate): the run ends
    /// at the end lines starting with this, not when the container has exited.
    /// </summary>
    public string? EndMarker { get; init; }
}
