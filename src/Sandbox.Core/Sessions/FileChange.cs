using Sandbox.Abstractions;

namespace Sandbox.Core.Sessions;

/// <summary>One change to a session's files: write <see cref="Content"/> to <see cref="Path"/>, or delete it when <c>null</c>.</summary>
/// <param name="Path">Sandbox path, relative to the session's working directory or absolute; <c>..</c> is refused.</param>
/// <param name="Content">The new bytes; <c>null</c> deletes the file (or directory).</param>
/// <param name="Mode">Unix permission bits of a written file.</param>
public sealed record FileChange(string Path, ReadOnlyMemory<byte>? Content, int Mode = SandboxFile.DefaultMode)
{
    /// <summary>Writes UTF-8 <paramref name="text"/> to <paramref name="path"/>.</summary>
    public static FileChange Write(string path, string text, int mode = SandboxFile.DefaultMode) => new(path, System.Text.Encoding.UTF8.GetBytes(text), mode);

    /// <summary>Deletes <paramref name="path"/>.</summary>
    public static FileChange Delete(string path) => new(path, null);

    /// <summary>Whether this change deletes.</summary>
    public bool IsDelete => Content is null;

    /// <summary>
    /// Where the caller gave <see cref="Path"/>, in the caller's own terms (<c>write[0].path</c>, <c>files['a.py']</c>,
    /// <c>--delete</c>), so that a refused path is named as it was sent; <c>null</c>: <c>changes[i].path</c>.
    /// </summary>
    public string? PathMember { get; init; }

    /// <summary>The name of <see cref="Path"/> in errors, for the change at <paramref name="index"/> of a list.</summary>
    public string PathMemberAt(int index) => PathMember ?? $"changes[{index}].path";
}

/// <summary>What <see cref="SessionOperations.ApplyChangesAsync"/> did, as resolved sandbox paths.</summary>
/// <param name="Written">Files written.</param>
/// <param name="Deleted">Paths deleted.</param>
public sealed record AppliedChanges(IReadOnlyList<string> Written, IReadOnlyList<string> Deleted);
