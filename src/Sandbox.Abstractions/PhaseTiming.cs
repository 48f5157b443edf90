namespace Sandbox.Abstractions;

/// <summary>How long one phase of a run took.</summary>
/// <param name="Name">Phase name, e.g. <c>create</c>, <c>copy-in</c>, <c>start</c>, <c>run</c>, <c>collect</c>, <c>remove</c>.</param>
/// <param name="Duration">Elapsed time.</param>
public sealed record PhaseTiming(string Name, TimeSpan Duration);
