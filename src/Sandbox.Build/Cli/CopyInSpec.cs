using Microsoft.Build.Framework;

namespace Sandbox.Build.Cli;

/// <summary>Maps a <c>CopyIn</c> item to the CLI's <c>--copy-in HOST:SANDBOXPATH</c>.</summary>
internal static class CopyInSpec
{
    /// <summary>Item metadata naming the destination inside the sandbox.</summary>
    public const string SandboxPathMetadata = "SandboxPath";

    /// <summary>The item's host path, resolved against the project directory.</summary>
    public static string HostPath(ITaskItem item, string projectDirectory) => Path.GetFullPath(item.ItemSpec, projectDirectory);

    /// <summary>
    /// Where the item goes: its <c>SandboxPath</c> metadata (a trailing <c>/</c> means "into this folder"), else
    /// <c>%(RecursiveDir)</c> plus its file name, relative to the sandbox's working directory — so a wildcard item
    /// keeps its folder structure and a plain one lands in the working directory.
    /// </summary>
    public static string SandboxPath(ITaskItem item, string hostPath)
    {
        var name = Path.GetFileName(hostPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var target = item.GetMetadata(SandboxPathMetadata);
        if (string.IsNullOrWhiteSpace(target)) return item.GetMetadata("RecursiveDir").Replace('\\', '/') + name;
        return target.EndsWith('/') ? target + name : target;
    }

    /// <summary>The <c>--copy-in</c> value. The CLI splits it at the first colon, so the host path may not contain one.</summary>
    public static string Format(string hostPath, string sandboxPath) => $"{hostPath}:{sandboxPath}";
}
