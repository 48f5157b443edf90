using System.Formats.Tar;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Builds the tar extracted at <c>/</c> before the command starts: one directory entry per scratch volume (owned by
/// the workload's user, so it can write there), then the input files with their parent directories.
/// </summary>
internal static class InputArchive
{
    private const UnixFileMode SubdirectoryMode = (UnixFileMode)0x1ED; // 0755

    public static MemoryStream Create(ScratchLayout layout, WorkloadUser user, DateTimeOffset timestamp)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var volume in layout.Volumes)
            {
                AddDirectory(writer, volume, (UnixFileMode)user.DirectoryMode, user, timestamp);
                written.Add(volume);
            }

            foreach (var (path, file) in layout.Files)
            {
                var root = layout.Volumes.Where(v => ScratchLayout.IsUnder(path, v)).MaxBy(v => v.Length)!;
                // Parent directories between the volume root and the file, outermost first: an engine creates a
                // missing parent itself, owned by root, where the workload could not write.
                var parents = new List<string>();
                for (var dir = ParentOf(path); dir.Length > root.Length; dir = ParentOf(dir)) parents.Add(dir);
                parents.Reverse();
                foreach (var dir in parents.Where(written.Add))
                    AddDirectory(writer, dir, user.HasNumericOwner ? SubdirectoryMode : (UnixFileMode)user.DirectoryMode, user, timestamp);

                var entry = new PaxTarEntry(TarEntryType.RegularFile, path.TrimStart('/'))
                {
                    Mode = (UnixFileMode)(file.Mode & SandboxFile.PermissionBits),
                    ModificationTime = timestamp,
                    Uid = user.Uid ?? 0,
                    Gid = user.Gid ?? 0,
                    DataStream = new MemoryStream(file.Content.ToArray(), writable: false),
                };
                writer.WriteEntry(entry);
            }
        }

        output.Position = 0;
        return output;
    }

    private static void AddDirectory(TarWriter writer, string path, UnixFileMode mode, WorkloadUser user, DateTimeOffset timestamp) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path.TrimStart('/') + "/")
        {
            Mode = mode,
            ModificationTime = timestamp,
            Uid = user.Uid ?? 0,
            Gid = user.Gid ?? 0,
        });

    private static string ParentOf(string path) => path[..path.LastIndexOf('/')];
}
