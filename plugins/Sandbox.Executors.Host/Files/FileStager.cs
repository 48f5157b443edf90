using Sandbox.Abstractions;
using Sandbox.Executors.Host.Native;
using Sandbox.Executors.Host.Running;

namespace Sandbox.Executors.Host.Files;

/// <summary>Writes the request's files into the fresh working directory and hands the tree to the workload's user.</summary>
internal static class FileStager
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755

    /// <summary>
    /// Writes <see cref="ExecutionRequest.Files"/> (already validated) under <paramref name="hostWorkDirectory"/>; when
    /// <paramref name="owner"/> is given, the whole working directory is then owned by it so the workload can write.
    /// </summary>
    public static async Task StageAsync(ExecutionRequest request, string hostWorkDirectory, SandboxUser? owner, CancellationToken cancellationToken)
    {
        for (var i = 0; i < request.Files.Count; i++)
        {
            var file = request.Files[i];
            var relative = WorkingDirectoryPaths.Relative(file.Path, request.WorkingDirectory, $"files[{i}].path");
            var target = WorkingDirectoryPaths.ToHost(hostWorkDirectory, relative);
            CreateParents(hostWorkDirectory, relative);
            if (Directory.Exists(target))
                throw new InvalidRequestException($"files[{i}].path", $"'{file.Path}' is a directory made for another file");
            await File.WriteAllBytesAsync(target, file.Content.ToArray(), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(target, (UnixFileMode)(file.Mode & SandboxFile.PermissionBits));
        }

        if (owner is { } user) ChownTree(hostWorkDirectory, user);
    }

    private static void CreateParents(string root, string relative)
    {
        var current = root;
        foreach (var segment in relative.Split('/')[..^1])
        {
            current = Path.Join(current, segment);
            if (File.Exists(current))
                throw new InvalidRequestException("files", $"'{relative}' needs a directory where another file was placed");
            if (!Directory.Exists(current)) Directory.CreateDirectory(current, DirectoryMode);
        }
    }

    private static void ChownTree(string root, SandboxUser user)
    {
        Libc.Lchown(root, user.Uid, user.Gid);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            Libc.Lchown(entry.FullName, user.Uid, user.Gid);
    }
}
