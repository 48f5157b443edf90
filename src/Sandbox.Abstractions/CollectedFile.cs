namespace Sandbox.Abstractions;

/// <summary>
/// A file collected out of the sandbox. Its <see cref="RelativePath"/> has been checked: it is relative,
/// has no <c>..</c> segment and never leaves the output directory it is written to.
/// </summary>
/// <param name="RelativePath">
/// Path to write it to, relative to an output directory, with <c>/</c> separators. Collecting <c>/out/gen.cs</c>
/// gives <c>gen.cs</c>; collecting the directory <c>/out</c> gives <c>out/gen.cs</c> (as <c>docker cp</c> does).
/// </param>
/// <param name="SandboxPath">The absolute path inside the sandbox it came from.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="Mode">Unix permission bits.</param>
public sealed record CollectedFile(string RelativePath, string SandboxPath, ReadOnlyMemory<byte> Content, int Mode = SandboxFile.DefaultMode)
{
    /// <summary>Size in bytes.</summary>
    public long Length => Content.Length;
}
