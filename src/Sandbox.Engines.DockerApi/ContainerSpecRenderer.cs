using System.Globalization;
using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// The one place where a request's limits and security profile become an engine's container configuration.
/// Every secure default of <see cref="ExecutionRequest"/> is rendered explicitly, never left to engine defaults.
/// </summary>
internal static class ContainerSpecRenderer
{
    /// <summary>Options of the private /tmp: size-capped, and nothing written there can be executed.</summary>
    public const string TmpOptions = "rw,noexec,nosuid,nodev";

    /// <summary>Options of a tmpfs working directory: executable (scripts are run from it), never setuid.</summary>
    public const string WorkdirOptions = "rw,exec,nosuid,nodev";

    public static CreateContainerParameters Render(ExecutionRequest request, RenderContext context)
    {
        var security = request.Security;
        var limits = request.Limits;
        var layout = context.Layout;
        var user = WorkloadUser.Parse(security.User);
        var stdin = request.StandardInput is not null;
        return new CreateContainerParameters
        {
            Name = context.Name,
            Image = context.Image,
            // The whole argv as entrypoint: no shell, and the image's own ENTRYPOINT/CMD never wrap it.
            Entrypoint = [.. request.Command],
            Cmd = null,
            Env = [.. request.Environment.Select(e => $"{e.Key}={e.Value}")],
            WorkingDir = layout.WorkingDirectory,
            User = security.User,
            Labels = context.Labels,
            AttachStdin = stdin,
            OpenStdin = stdin,
            StdinOnce = stdin,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
            HostConfig = new HostConfig
            {
                NetworkMode = request.Network switch
                {
                    NetworkPolicy.None => "none",
                    NetworkPolicy.Host => "host",
                    _ => "bridge",
                },
                ReadonlyRootfs = security.ReadOnlyRootFilesystem,
                Tmpfs = RenderTmpfs(limits, layout, user, context.Dialect),
                Mounts = RenderMounts(request, context),
                CapDrop = security.DropAllCapabilities ? ["ALL"] : [],
                CapAdd = [.. security.AddCapabilities],
                SecurityOpt = RenderSecurityOptions(security, context.Dialect.SeccompProfileAsPath ? security.SeccompProfilePath : context.SeccompProfileJson),
                Privileged = security.Privileged,
                Runtime = security.Runtime,
                Memory = limits.MemoryBytes ?? 0,
                // Equal to Memory: no swap beyond the memory limit (0 means "engine default", i.e. twice the memory).
                MemorySwap = limits.MemoryBytes ?? 0,
                NanoCPUs = limits.Cpus is { } cpus ? (long)Math.Round(cpus * 1_000_000_000) : 0,
                PidsLimit = limits.Pids,
                Ulimits = RenderUlimits(limits, layout, context.Dialect),
                // The framework reads output through attach; a log driver would store a flood on the engine's disk.
                LogConfig = new LogConfig { Type = "none", Config = new Dictionary<string, string>() },
                AutoRemove = false,
            },
        };
    }

    internal static Dictionary<string, string> RenderTmpfs(ResourceLimits limits, ScratchLayout layout, WorkloadUser user, EngineDialect dialect)
    {
        var size = limits.TmpfsBytes.ToString(CultureInfo.InvariantCulture);
        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ScratchLayout.TmpDirectory] = $"{TmpOptions},size={size},mode=1777",
        };
        if (!layout.WorkingDirectoryIsVolume)
        {
            var owner = dialect.TmpfsOwnerOption is { } option ? "," + option
                : user.Uid is { } uid && user.Gid is { } gid ? $",uid={uid},gid={gid}"
                : "";
            tmpfs[layout.WorkingDirectory] = $"{WorkdirOptions},size={size},mode={Convert.ToString(user.DirectoryMode, 8)}{owner}";
        }

        return tmpfs;
    }

    internal static List<Mount> RenderMounts(ExecutionRequest request, RenderContext context)
    {
        var mounts = context.Layout.Volumes.Select(v => new Mount
        {
            // Anonymous: removed with the container (RemoveVolumes). Labelled so that a leftover can be attributed.
            Type = "volume",
            Target = v,
            VolumeOptions = new VolumeOptions { Labels = context.Labels },
        }).ToList();
        mounts.AddRange(request.Mounts.Select(m => new Mount { Type = "bind", Source = m.HostPath, Target = m.SandboxPath, ReadOnly = m.ReadOnly }));
        return mounts;
    }

    /// <param name="security">The profile.</param>
    /// <param name="seccompProfile">The custom profile as the engine takes it: its JSON, or its path (see <see cref="EngineDialect.SeccompProfileAsPath"/>).</param>
    internal static List<string> RenderSecurityOptions(SecurityProfile security, string? seccompProfile)
    {
        var options = new List<string>();
        if (security.NoNewPrivileges) options.Add("no-new-privileges");
        switch (security.Seccomp)
        {
            case SeccompMode.Unconfined:
                options.Add("seccomp=unconfined");
                break;
            case SeccompMode.Custom:
                options.Add("seccomp=" + (seccompProfile ?? throw new InvalidOperationException("A custom seccomp mode needs a profile.")));
                break;
            // SeccompMode.Default: the engine's default profile applies unless something opts out.
        }

        if (!string.IsNullOrEmpty(security.AppArmorProfile)) options.Add("apparmor=" + security.AppArmorProfile);
        return options;
    }

    internal static List<Ulimit> RenderUlimits(ResourceLimits limits, ScratchLayout layout, EngineDialect dialect)
    {
        var openFiles = limits.OpenFiles ?? dialect.DefaultOpenFiles;
        var processes = Math.Max(limits.Pids ?? 0, dialect.DefaultProcesses);
        var ulimits = new List<Ulimit>
        {
            new() { Name = "nofile", Soft = openFiles, Hard = openFiles },
            new() { Name = "nproc", Soft = processes, Hard = processes },
        };
        // Disk-backed volumes cannot be size-capped here: cap every file instead (see ScratchLayout).
        var fileSize = limits.FileSizeBytes ?? (layout.UsesVolumes ? limits.TmpfsBytes : null);
        if (fileSize is { } bytes) ulimits.Add(new Ulimit { Name = "fsize", Soft = bytes, Hard = bytes });
        return ulimits;
    }
}

/// <summary>What the renderer needs besides the request.</summary>
internal sealed record RenderContext(EngineDialect Dialect, string Image, string Name, IDictionary<string, string> Labels, ScratchLayout Layout, string? SeccompProfileJson = null);
