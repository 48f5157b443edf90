using Sandbox.Abstractions;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Commands;

/// <summary>Reads <c>--copy-in HOST:SANDBOXPATH</c> specs into request files (folders recursively, modes kept).</summary>
internal static class CopyInFiles
{
    public static async Task<IReadOnlyList<SandboxFile>> ReadAsync(string spec, CancellationToken cancellationToken)
    {
        var separator = spec.IndexOf(':');
        if (separator <= 0 || separator == spec.Length - 1)
            throw new SandboxConfigurationException("command line", "--copy-in", $"'{spec}' is not HOST:SANDBOXPATH");
        var hostPath = spec[..separator];
        var sandboxPath = spec[(separator + 1)..];

        if (File.Exists(hostPath)) return [await ReadFileAsync(hostPath, sandboxPath, cancellationToken).ConfigureAwait(false)];
        if (!Directory.Exists(hostPath))
            throw new SandboxConfigurationException("command line", "--copy-in", $"'{hostPath}' does not exist on the host");

        var files = new List<SandboxFile>();
        foreach (var file in Directory.EnumerateFiles(hostPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(hostPath, file).Replace(Path.DirectorySeparatorChar, '/');
            files.Add(await ReadFileAsync(file, $"{sandboxPath.TrimEnd('/')}/{relative}", cancellationToken).ConfigureAwait(false));
        }

        return files;
    }

    private static async Task<SandboxFile> ReadFileAsync(string hostPath, string sandboxPath, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(hostPath, cancellationToken).ConfigureAwait(false);
        var mode = OperatingSystem.IsWindows() ? SandboxFile.DefaultMode : (int)File.GetUnixFileMode(hostPath) & SandboxFile.PermissionBits;
        return new SandboxFile(sandboxPath, content, mode);
    }
}
