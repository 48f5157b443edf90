namespace Sandbox.Abstractions;

/// <summary>Source code a request will run, handed to code validators.</summary>
/// <param name="Path">Name used in findings, e.g. <c>handler.py</c>.</param>
/// <param name="Language">Language id: <c>python</c>, <c>javascript</c>, <c>bash</c>, ...</param>
/// <param name="Text">The source text.</param>
public sealed record SourceDocument(string Path, string Language, string Text);
