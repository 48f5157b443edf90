namespace Sandbox.Engines.DockerApi;

/// <summary>One step of an image pull, as the engine reports it.</summary>
/// <param name="Image">The image being pulled.</param>
/// <param name="Status">The engine's words: <c>Pulling fs layer</c>, <c>Downloading</c>, <c>Copying blob …</c>, <c>Pulled</c>, …</param>
/// <param name="Layer">The layer the step is about, when the engine says.</param>
/// <param name="Current">Bytes done of the layer, when known.</param>
/// <param name="Total">Bytes of the layer, when known.</param>
public sealed record ImagePullProgress(string Image, string Status, string? Layer = null, long? Current = null, long? Total = null);
