namespace Sandbox.Core.Harness;

/// <summary>
/// A wrapper harness: how to run a user's code (a handler, a snippet, a script) in a sandbox and get its result as
/// JSON. Described by a folder holding <c>template.json</c> and Scriban files.
/// </summary>
public sealed record HarnessTemplate
{
    /// <summary>Name, which is the folder's name, e.g. <c>python-handler</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One line for <c>sandbox templates</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary>Language of the user's code, for code validators (<c>python</c>, <c>javascript</c>, <c>bash</c>).</summary>
    public required string Language { get; init; }

    /// <summary>File name the user's code is written to, e.g. <c>handler.py</c>.</summary>
    public required string CodeFile { get; init; }

    /// <summary>The harness file the command runs, e.g. <c>harness.py</c>.</summary>
    public required string EntryFile { get; init; }

    /// <summary>The argv that runs the harness, relative to the working directory.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Image used when the caller gives none (after <c>${ENV}</c> substitution).</summary>
    public string? DefaultImage { get; init; }

    /// <summary>Rendered file name → Scriban source file name, relative to <see cref="Directory"/>.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>Files the harness produces, collected after the run.</summary>
    public IReadOnlyList<string> Produces { get; init; } = [HarnessProtocol.OutputFile];

    /// <summary>The folder it was loaded from.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// The image a run of this template uses: an explicit one wins, then the template's default (it knows its runtime,
    /// so the executor resolves it), then the configured default.
    /// </summary>
    public string? ImageFor(string? explicitImage, string? configuredImage) => explicitImage ?? (DefaultImage is null ? configuredImage : null);
}
