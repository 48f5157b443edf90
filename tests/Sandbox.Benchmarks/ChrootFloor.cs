namespace Sandbox.Benchmarks;

/// <summary>
/// The floor for an isolated run on this machine: the same command in a plain chroot of the image's root filesystem,
/// with no namespaces, cgroups or engine. The rootfs comes from build/images/build-images.sh's cache
/// (<c>images/python-*.tar</c> in <see cref="Toolkit.SandboxCache.Folder"/>), else from <c>docker export</c>.
/// Needs root (chroot).
/// </summary>
internal sealed class ChrootFloor : IDisposable
{
    private ChrootFloor(string root, string source)
    {
        Root = root;
        Source = source;
    }

    public string Root { get; }

    /// <summary>Where the rootfs came from.</summary>
    public string Source { get; }

    public static async Task<ChrootFloor> PrepareAsync(string image, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("sandbox-floor-").FullName;
        try
        {
            var cached = CachedTarball();
            var tarball = cached ?? Path.Combine(root, "..", Path.GetFileName(root) + ".tar");
            if (cached is null)
            {
                var container = $"sandbox-floor-{Guid.NewGuid():N}";
                await EngineCli.RunAsync("docker", ["create", "--name", container, image, "true"], cancellationToken);
                try
                {
                    await EngineCli.RunAsync("docker", ["export", "-o", tarball, container], cancellationToken);
                }
                finally
                {
                    await EngineCli.RunAsync("docker", ["rm", "-f", container], CancellationToken.None);
                }
            }

            try
            {
                await EngineCli.RunAsync("tar", ["-xf", tarball, "-C", root], cancellationToken);
            }
            finally
            {
                if (cached is null) File.Delete(tarball);
            }

            return new ChrootFloor(root, cached ?? $"docker export of {image}");
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/> chrooted into the rootfs.</summary>
    public Task RunAsync(string[] command, CancellationToken cancellationToken) => EngineCli.RunAsync("chroot", [Root, .. command], cancellationToken);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"could not remove {Root}: {ex.Message}");
        }
    }

    private static string? CachedTarball()
    {
        if (Toolkit.SandboxCache.Folder is not { } cache) return null;
        var images = Path.Combine(cache, "images");
        return Directory.Exists(images)
            ? new DirectoryInfo(images).GetFiles("python-*.tar").Where(f => !f.Name.StartsWith("python-pytest", StringComparison.Ordinal)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
    }
}
