namespace Sandbox.Core.Pooling;

/// <summary>What the pool holds for one key right now.</summary>
/// <param name="Executor">The executor.</param>
/// <param name="Image">The image, or <c>null</c> for the executor's default.</param>
/// <param name="Ready">Started, unused sandboxes.</param>
/// <param name="Busy">Sandboxes in use by a run, being checked or being removed.</param>
/// <param name="Starting">Sandboxes being started.</param>
/// <param name="Waiting">Runs waiting for a sandbox.</param>
/// <param name="Pinned">Whether the key is kept warm even while unused.</param>
public sealed record PoolKeyStatus(string Executor, string? Image, int Ready, int Busy, int Starting, int Waiting, bool Pinned);
