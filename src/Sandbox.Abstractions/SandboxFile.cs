namespace Sandbox.Abstractions;

/// <summary>
/// A file placed in the sandbox before the command starts.
/// </summary>
/// <param name="Path">
/// Destination inside the sandbox: relative to <see cref="ExecutionRequest.WorkingDirectory"/>, or absolute.
/// <c>..</c> segments are refused.
/// </param>
/// <param name="Content">The bytes to write.</param>
/// <param name="Mode">
/// Unix permission bits, e.g. <c>0x1ED</c> (0755) for a script: 0 to <see cref="PermissionBits"/>; setuid, setgid and
/// sticky bits are refused.
/// </param>
public sealed record SandboxFile(string Path, ReadOnlyMemory<byte> Content, int Mode = SandboxFile.DefaultMode)
{
    /// <summary>rwxrwxrwx (0777): the most a file's <see cref="Mode"/> may hold.</summary>
    public const int PermissionBits = 0x1FF;

    /// <summary>rw-r--r-- (0644).</summary>
    public const int DefaultMode = 0x1A4;

    /// <summary>Creates a file from UTF-8 text.</summary>
    public static SandboxFile FromText(string path, string text, int mode = DefaultMode) =>
        new(path, System.Text.Encoding.UTF8.GetBytes(text), mode);
}
