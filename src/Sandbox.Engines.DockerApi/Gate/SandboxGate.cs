using Docker.DotNet.Models;

namespace Sandbox.Engines.DockerApi.Gate;

/// <summary>
/// The static helper (native/sandbox-gate.c) that every container of a run starts as its pid 1, mounted read-only from
/// this host the way the engine's own init is. It starts the command, reaps it, reads the container's own cgroup
/// counters and reports how the command ended on end lines only it can write (see <see cref="GateProtocol"/> and
/// docs/design/unforgeable-results.md). It ships beside this assembly.
/// </summary>
internal static class SandboxGate
{
    /// <summary>Where the gate appears inside a container.</summary>
    public const string MountPath = "/.sandbox-gate";

    /// <summary>
    /// The gate's own status when it could not start the command (no complete header, or no process to fork), the
    /// shell's convention for "never ran"; it says why on stderr. Podman's exec ends with the same status when it could
    /// not start the gate itself. A command's own 125 comes in the gate's report instead.
    /// </summary>
    public const int CouldNotStart = 125;

    private const string FileName = "sandbox-gate";

    private static readonly Lazy<string?> Binary = new(() =>
    {
        var folder = Path.GetDirectoryName(typeof(SandboxGate).Assembly.Location);
        var path = string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, FileName);
        return path is not null && File.Exists(path) && !OperatingSystem.IsWindows() ? Executable(path) : null;
    });

    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode AnyoneExecutes = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    // A NuGet package is a zip, which keeps no execute bit: the gate then arrives as a plain file that runc refuses to
    // start ("exec /.sandbox-gate: permission denied"). Make it executable by everyone (the workload's user runs it),
    // or, where its folder is read-only, use an executable copy named after its content.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Executable(string path)
    {
        if ((File.GetUnixFileMode(path) & AnyoneExecutes) == AnyoneExecutes) return path;
        try
        {
            File.SetUnixFileMode(path, Mode);
            return path;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            var bytes = File.ReadAllBytes(path);
            var copy = Path.Combine(Path.GetTempPath(), $"{FileName}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}");
            if (!File.Exists(copy))
            {
                var partial = $"{copy}.{Environment.ProcessId}";
                File.WriteAllBytes(partial, bytes);
                File.SetUnixFileMode(partial, Mode);
                File.Move(partial, copy, overwrite: true);
            }

            return copy;
        }
    }

    /// <summary>
    /// The gate's path on this host when <paramref name="client"/>'s engine can mount it, else <c>null</c> with the
    /// reason in <paramref name="reason"/>: the binary was not built here, or the engine is not on this host (its bind
    /// mounts name files on its own host).
    /// </summary>
    public static string? For(EngineClient client, out string? reason)
    {
        reason = null;
        if (client.Endpoint.SocketPath is null)
        {
            reason = $"the {client.Dialect.Name} engine at {client.Endpoint} is not on this host, so the framework's gate cannot be mounted into its containers";
            return null;
        }

        if (Binary.Value is null) reason = $"the framework's gate ({FileName}) was not built beside {typeof(SandboxGate).Assembly.GetName().Name}.dll (it needs gcc at build time: run `bash build/setup.sh`)";
        return Binary.Value;
    }

    /// <summary>Whether a listed container was created with the gate mounted (a session reopened by another process).</summary>
    public static bool IsInstalled(Docker.DotNet.Models.ContainerListResponse container) =>
        container.Mounts?.Any(m => m.Destination == MountPath) == true;

    /// <summary>How a session runs one command: the gate reads its header from stdin (see <see cref="GateProtocol.Header"/>).</summary>
    public static IReadOnlyList<string> ExecCommand { get; } = [MountPath, "--exec"];

    /// <summary>
    /// Makes <paramref name="container"/> start the gate (at <paramref name="binary"/> on this host) as its pid 1: waiting
    /// on stdin for one command, or, with <paramref name="idleSeconds"/>, idling as a session's init for that long.
    /// </summary>
    public static void Install(CreateContainerParameters container, string binary, long? idleSeconds = null)
    {
        container.Entrypoint = idleSeconds is { } seconds ? [MountPath, "--idle", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [MountPath];
        container.Cmd = null;
        // The gate is pid 1 and reaps every orphan itself; under an engine init it could be killed (see the design note).
        container.HostConfig.Init = false;
        if (idleSeconds is null) container.AttachStdin = container.OpenStdin = container.StdinOnce = true;
        container.HostConfig.Mounts ??= [];
        container.HostConfig.Mounts.Add(new Mount { Type = "bind", Source = binary, Target = MountPath, ReadOnly = true });
    }
}
