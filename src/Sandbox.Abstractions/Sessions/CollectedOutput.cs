namespace Sandbox.Abstractions;

/// <summary>Files read out of a session, and what was left out.</summary>
/// <param name="Files">The collected files.</param>
/// <param name="Warnings">What was refused or missing, e.g. a link that escapes or a path that does not exist.</param>
public sealed record CollectedOutput(IReadOnlyList<CollectedFile> Files, IReadOnlyList<string> Warnings);
