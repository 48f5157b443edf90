using System.Globalization;
using System.Text;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Files;
using Sandbox.Executors.Host.Probing;

namespace Sandbox.Executors.Host.Running;

/// <summary>
/// Builds the argv that wraps a workload. Every program is given by absolute path and every request value is passed as
/// a separate argument (never spliced into shell text). The chain, outermost first:
/// <list type="number">
/// <item><c>setsid</c>: a new session and process group, so the whole tree can be killed at once.</item>
/// <item><c>unshare --mount</c> (root with namespaces): a private mount namespace for the noexec /tmp tmpfs.</item>
/// <item><c>sh -c</c> setup: open the status file, join the run's cgroups, mount the tmpfs, open the seccomp program.</item>
/// <item><c>setpriv</c> (root with user namespaces): become nobody on the host, with no groups and no capabilities.</item>
/// <item><c>bwrap</c> (namespaces): user (mapping the requested ids), pid, ipc, uts, cgroup and (unless network is
/// allowed) network namespaces, a read-only view of the system paths, a fresh /proc and /dev, the private /tmp, the
/// working directory bound read-write, seccomp.</item>
/// <item><c>setpriv</c> (otherwise, as root): the requested user, no supplementary groups, no capabilities, no_new_privs.</item>
/// <item><c>env -i</c>: the workload's environment only, set after privileges are dropped so that variables such as
/// LD_PRELOAD never reach a privileged program.</item>
/// <item><c>prlimit</c>: rlimits (open files, file size, and memory/pids/CPU where no cgroup enforces them).</item>
/// </list>
/// </summary>
internal static class SandboxCommandLine
{
    /// <summary>Exit code of the setup script when it fails before the workload starts.</summary>
    public const int SetupFailedExitCode = 125;

    /// <summary>Wrapper processes of a namespace run that count against pids.max: bubblewrap's monitor and its init.</summary>
    public const int NamespacePidsOverhead = 2;

    /// <summary>The host user a root host drops to before starting bubblewrap in a user namespace: nobody.</summary>
    public static readonly SandboxUser UnprivilegedHostUser = new(65534, 65534);

    /// <summary>The env option that gives the workload SIGPIPE's default action back (.NET, which starts the wrapper, ignores it).</summary>
    public const string DefaultSignals = "--default-signal=PIPE";

    /// <summary>setpriv options that turn root into <see cref="UnprivilegedHostUser"/> with nothing left (followed by the program).</summary>
    public static readonly IReadOnlyList<string> DropToUnprivilegedHostUser = SwitchTo(UnprivilegedHostUser);

    /// <summary>Builds the argv.</summary>
    public static IReadOnlyList<string> Build(HostPlan plan, HostExecutorSettings settings, ExecutionRequest request, RunLayout layout,
        SandboxUser user, IReadOnlyList<string> cgroupProcsFiles, IReadOnlyDictionary<string, string> environment)
    {
        var tools = plan.Facts.Tools;
        var root = plan.Facts.IsRoot;
        var argv = new List<string>();
        if (tools.Setsid is not null) argv.Add(tools.Setsid);
        if (plan.NoexecTmpfs) argv.AddRange([tools.Unshare!, "--mount", "--propagation", "private", "--"]);
        AddSetupScript(argv, plan, request, layout, cgroupProcsFiles);
        if (plan.Namespaces && plan.UserNamespace)
        {
            // The workload is the requested user inside the user namespace and nobody on the host: a "root" workload
            // cannot read root-only host files such as /etc/shadow.
            if (root) argv.AddRange([tools.Setpriv!, .. DropToUnprivilegedHostUser]);
            AddBubblewrap(argv, plan, settings, request, layout, user);
        }
        else if (plan.Namespaces)
        {
            // Root without user namespaces: bubblewrap keeps root's capabilities for setpriv to switch user and drop
            // them; without setpriv, bubblewrap drops them itself (the workload then stays uid 0).
            AddBubblewrap(argv, plan, settings, request, layout, user);
            if (plan.SwitchUser) argv.AddRange([tools.Setpriv!, .. SwitchTo(user)]);
        }
        else if (root && plan.SwitchUser)
        {
            argv.AddRange([tools.Setpriv!, .. SwitchTo(user)]);
        }
        else if (!root && plan.NoNewPrivileges)
        {
            argv.AddRange([tools.Setpriv!, "--no-new-privs", "--inh-caps=-all", "--"]);
        }

        argv.AddRange(plan.DefaultSignals ? [tools.Env!, "-i", DefaultSignals, "--"] : [tools.Env!, "-i", "--"]);
        argv.AddRange(environment.Select(e => $"{e.Key}={e.Value}"));
        if (plan.Rlimits) AddRlimits(argv, plan, request);
        argv.AddRange(request.Command);
        return argv;
    }

    /// <summary>The host user that owns the workload's files: who the workload is outside any user namespace.</summary>
    public static SandboxUser? HostOwner(HostPlan plan, SandboxUser requested) =>
        !plan.Facts.IsRoot ? null
        : plan.Namespaces && plan.UserNamespace ? UnprivilegedHostUser
        : plan.Namespaces || plan.SwitchUser ? requested
        : null;

    private static string[] SwitchTo(SandboxUser user) =>
        [$"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"];

    private static void AddSetupScript(List<string> argv, HostPlan plan, ExecutionRequest request, RunLayout layout, IReadOnlyList<string> cgroupProcsFiles)
    {
        var script = new StringBuilder();
        var args = new List<string>();

        string Next(string value)
        {
            args.Add(value);
            return $"\"${args.Count}\"";
        }

        script.Append(CultureInfo.InvariantCulture, $"exec 8>{Next(layout.StatusFile)} || exit {SetupFailedExitCode}; ");
        foreach (var procs in cgroupProcsFiles)
            script.Append(CultureInfo.InvariantCulture, $"echo $$ >{Next(procs)} || {{ echo 'sandbox-host: cannot join the run cgroup' >&2; exit {SetupFailedExitCode}; }}; ");
        if (plan.NoexecTmpfs)
        {
            var options = $"size={request.Limits.TmpfsBytes},mode=1777,noexec,nosuid,nodev";
            script.Append(CultureInfo.InvariantCulture, $"mount -t tmpfs -o {Next(options)} sandbox-tmp {Next(layout.TmpMountPoint)} || exit {SetupFailedExitCode}; ");
        }

        if (plan.Seccomp) script.Append(CultureInfo.InvariantCulture, $"exec 9<{Next(layout.SeccompFile)} || exit {SetupFailedExitCode}; ");
        // Without bubblewrap (which reports its own status on fd 8) the wrapper says it got this far itself.
        if (!plan.Namespaces) script.Append("echo started >&8; exec 8>&-; ");
        script.Append(CultureInfo.InvariantCulture, $"shift {args.Count}; exec \"$@\"");
        argv.AddRange([plan.Facts.Tools.Shell!, "-c", script.ToString(), "sandbox-setup", .. args]);
    }

    /// <summary>
    /// Bubblewrap arguments that show the host's system directories read-only (links recreated as links). Never the
    /// whole root: that would pull in every mount below it, and a container engine's overlay mounts cannot always be
    /// remounted read-only, which fails the sandbox whenever containers run next to it.
    /// </summary>
    public static IEnumerable<string> SystemBinds(IEnumerable<string> systemPaths)
    {
        foreach (var path in systemPaths)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target) yield return "--symlink";
            else if (Directory.Exists(path)) yield return "--ro-bind";
            else continue;
            yield return info.LinkTarget ?? path;
            yield return path;
        }
    }

    private static void AddBubblewrap(List<string> argv, HostPlan plan, HostExecutorSettings settings, ExecutionRequest request, RunLayout layout, SandboxUser user)
    {
        argv.AddRange([plan.Facts.Tools.Bubblewrap!, "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"]);
        if (request.Network == NetworkPolicy.None) argv.Add("--unshare-net");
        if (!plan.UserNamespace && !plan.SwitchUser) argv.AddRange(["--cap-drop", "ALL"]);
        if (plan.UserNamespace)
            argv.AddRange(["--unshare-user", "--disable-userns", "--uid", user.Uid.ToString(CultureInfo.InvariantCulture), "--gid", user.Gid.ToString(CultureInfo.InvariantCulture)]);
        argv.AddRange(["--hostname", "sandbox"]);
        argv.AddRange(SystemBinds(settings.SystemPaths));
        argv.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        if (plan.NoexecTmpfs) argv.AddRange(["--bind", layout.TmpMountPoint, "/tmp"]);
        else argv.AddRange(["--size", request.Limits.TmpfsBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp"]);
        argv.AddRange(["--bind", layout.WorkDirectory, request.WorkingDirectory]);
        foreach (var mount in request.Mounts)
            argv.AddRange([mount.ReadOnly ? "--ro-bind" : "--bind", mount.HostPath, mount.SandboxPath]);
        argv.AddRange(["--remount-ro", "/", "--chdir", request.WorkingDirectory]);
        if (plan.Seccomp) argv.AddRange(["--seccomp", "9"]);
        argv.AddRange(["--json-status-fd", "8", "--"]);
    }

    private static void AddRlimits(List<string> argv, HostPlan plan, ExecutionRequest request)
    {
        var limits = request.Limits;
        argv.AddRange([plan.Facts.Tools.Prlimit!, "--core=0"]);
        if (limits.OpenFiles is { } files) argv.Add(Both("--nofile", files));
        if (limits.FileSizeBytes is { } size) argv.Add(Both("--fsize", size));
        if (limits.MemoryBytes is { } memory && !plan.Cgroups.ContainsKey("memory")) argv.Add(Both("--as", memory));
        if (limits.Pids is { } pids && !plan.Cgroups.ContainsKey("pids")) argv.Add(Both("--nproc", pids));
        if (!plan.Cgroups.ContainsKey("cpu") && limits.HasTimeout)
        {
            // Backstop only: total CPU seconds the run could use at its CPU share within the timeout (plus a second).
            var seconds = (long)Math.Ceiling(limits.Timeout!.Value.TotalSeconds * Math.Max(1, limits.Cpus ?? Environment.ProcessorCount)) + 1;
            argv.Add(Both("--cpu", seconds));
        }

        argv.Add("--");
    }

    private static string Both(string option, long value) => string.Create(CultureInfo.InvariantCulture, $"{option}={value}:{value}");
}
