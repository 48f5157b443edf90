using Sandbox.Abstractions;

namespace Sandbox.Executors.Host.Files;

/// <summary>
/// How sandbox paths map onto the host: the run's <c>work/</c> directory *is* the sandbox working directory (inside
/// namespaces it is bound onto that path; without them the command starts in it). Files can therefore be placed and
/// collected under the working directory only; any other absolute path is refused before anything is created.
/// </summary>
internal static class WorkingDirectoryPaths
{
    /// <summary>
    /// Resolves <paramref name="path"/> (relative to the working directory or absolute) and returns it relative to the
    /// working directory, with <c>/</c> separators; empty for the working directory itself.
    /// </summary>
    /// <exception cref="InvalidRequestException">The path climbs with <c>..</c> or lies outside the working directory.</exception>
    public static string Relative(string path, string workingDirectory, string field)
    {
        var resolved = SandboxPaths.Resolve(path, workingDirectory, field);
        var root = SandboxPaths.Resolve(workingDirectory, "/", "workingDirectory");
        if (resolved == root) return "";
        if (resolved.StartsWith(root + "/", StringComparison.Ordinal)) return resolved[(root.Length + 1)..];
        throw new InvalidRequestException(field,
            $"'{path}' is outside the working directory {root}: the host executor places and collects files only under it (give a path relative to it)");
    }

    /// <summary>Checks every file and output path of <paramref name="request"/> before any sandbox exists.</summary>
    public static void Validate(ExecutionRequest request)
    {
        for (var i = 0; i < request.Files.Count; i++)
        {
            if (Relative(request.Files[i].Path, request.WorkingDirectory, $"files[{i}].path").Length == 0)
                throw new InvalidRequestException($"files[{i}].path", "a file cannot replace the working directory itself");
        }

        for (var i = 0; i < request.OutputPaths.Count; i++) Relative(request.OutputPaths[i], request.WorkingDirectory, $"outputPaths[{i}]");
    }

    /// <summary>The host path of a path relative to the working directory.</summary>
    public static string ToHost(string hostWorkDirectory, string relative) =>
        relative.Length == 0 ? hostWorkDirectory : Path.Join(hostWorkDirectory, relative);
}
