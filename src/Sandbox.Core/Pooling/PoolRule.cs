namespace Sandbox.Core.Pooling;

/// <summary>The pool policy for one executor, or for one image on one executor.</summary>
/// <param name="Executor">The executor's name, e.g. <c>docker</c>.</param>
/// <param name="Image">The image, or <c>null</c> for every image of the executor without a rule of its own.</param>
/// <param name="Policy">The policy (already merged with the levels above it).</param>
public sealed record PoolRule(string Executor, string? Image, PoolPolicy Policy);
