using Sandbox.Executors.Host.Cgroups;
using Sandbox.Executors.Host.Native;
using Sandbox.Executors.Host.Running;
using Sandbox.Executors.Host.Seccomp;

namespace Sandbox.Executors.Host.Probing;

/// <summary>
/// Measures what this machine allows by running each mechanism once with a no-op command, all at once:
/// a tool being installed does not mean it works (user namespaces may be disabled, /proc may be read-only, ...).
/// </summary>
internal static class HostProbe
{
    /// <summary>Probes the mechanisms <paramref name="settings"/> allows.</summary>
    public static HostFacts Probe(HostExecutorSettings settings)
    {
        var tools = HostTools.Find();
        var isRoot = Libc.EffectiveUserId == 0;
        var problems = new Dictionary<Mechanism, string>();
        var namespaces = settings.Isolation == HostIsolationMode.Namespaces;
        var process = settings.Isolation != HostIsolationMode.None;
        var noop = tools.Shell is null ? [] : new[] { tools.Shell, "-c", ":" };

        var system = SandboxCommandLine.SystemBinds(settings.SystemPaths).ToArray();
        string?[] bwrapNoop = [tools.Bubblewrap, "--unshare-all", "--die-with-parent", .. system, "--proc", "/proc", "--dev", "/dev"];
        var tmpfsTarget = Directory.CreateTempSubdirectory("sandbox-host-probe-").FullName;
        var seccompFilter = Path.GetTempFileName();
        try
        {
            // Every probe starts now and runs beside the others. The ones that only matter when bubblewrap works (user
            // namespaces, seccomp as a user namespace would load it) start anyway and are read only if it does.
            using var batch = new ProbeBatch();
            var bubblewrapMissing = !namespaces ? "disabled by the isolation setting" : Missing(tools.Bubblewrap, "bubblewrap", "bubblewrap");
            var bubblewrap = bubblewrapMissing is null ? batch.Start([.. bwrapNoop, "--", .. noop]) : ProbeBatch.Known(bubblewrapMissing);
            var userNamespace = bubblewrapMissing is not null ? ProbeBatch.Known(bubblewrapMissing)
                : !isRoot ? batch.Start([.. bwrapNoop, "--unshare-user", "--", .. noop])
                : Missing(tools.Setpriv, "setpriv", "util-linux") is { } noSetpriv ? ProbeBatch.Known(noSetpriv)
                : batch.Start([tools.Setpriv, .. SandboxCommandLine.DropToUnprivilegedHostUser, .. bwrapNoop, "--unshare-user", "--", .. noop]);
            var noexecTmpfs = !namespaces ? ProbeBatch.Known("disabled by the isolation setting") : !isRoot ? ProbeBatch.Known("mounting a tmpfs needs root")
                : Missing(tools.Unshare, "unshare", "util-linux") is { } noUnshare ? ProbeBatch.Known(noUnshare)
                : batch.Start([tools.Unshare, "--mount", "--propagation", "private", "--", tools.Shell, "-c",
                    "mount -t tmpfs -o size=65536,noexec,nosuid,nodev sandbox-probe \"$1\"", "sh", tmpfsTarget]);
            var seccompUnsupported = !namespaces ? "disabled by the isolation setting" : !SeccompFilter.IsSupported ? "the host executor's seccomp filter is built for x86_64 only" : null;
            if (seccompUnsupported is null) File.WriteAllBytes(seccompFilter, SeccompFilter.Build());
            var seccomp = seccompUnsupported is null && bubblewrapMissing is null ? StartSeccomp(batch, tools, noop, system, seccompFilter, userNamespace: true, isRoot) : null;
            var switchUser = !process ? ProbeBatch.Known("disabled by the isolation setting") : !isRoot ? ProbeBatch.Known("switching to another user needs root")
                : Missing(tools.Setpriv, "setpriv", "util-linux") is { } noSwitch ? ProbeBatch.Known(noSwitch)
                : batch.Start([tools.Setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--", .. noop]);
            var noNewPrivileges = !process ? ProbeBatch.Known("disabled by the isolation setting")
                : Missing(tools.Setpriv, "setpriv", "util-linux") is { } noSetprivNnp ? ProbeBatch.Known(noSetprivNnp)
                : batch.Start([tools.Setpriv, "--no-new-privs", "--inh-caps=-all", "--", .. noop]);
            var rlimits = !process ? ProbeBatch.Known("disabled by the isolation setting")
                : Missing(tools.Prlimit, "prlimit", "util-linux") is { } noPrlimit ? ProbeBatch.Known(noPrlimit)
                : batch.Start([tools.Prlimit, "--nofile=64:64", "--core=0", "--", .. noop]);
            var defaultSignals = tools.Env is null ? ProbeBatch.Known("env is not installed (Debian package coreutils)")
                : batch.Start([tools.Env, SandboxCommandLine.DefaultSignals, "--", .. noop]);

            Check(problems, Mechanism.Bubblewrap, bubblewrap());
            Check(problems, Mechanism.UserNamespace, problems.TryGetValue(Mechanism.Bubblewrap, out var noBwrap) ? noBwrap : userNamespace());
            Check(problems, Mechanism.NoexecTmpfs, noexecTmpfs());
            Check(problems, Mechanism.Seccomp, seccompUnsupported
                ?? (problems.TryGetValue(Mechanism.Bubblewrap, out var bwrap) ? $"it is loaded by bubblewrap, which is unusable: {bwrap}"
                // Without a user namespace a run loads the filter differently: probed again in that shape.
                : problems.ContainsKey(Mechanism.UserNamespace) ? StartSeccomp(batch, tools, noop, system, seccompFilter, userNamespace: false, isRoot)()
                : seccomp!()));
            Check(problems, Mechanism.SwitchUser, switchUser());
            Check(problems, Mechanism.NoNewPrivileges, noNewPrivileges());
            Check(problems, Mechanism.Rlimits, rlimits());
            Check(problems, Mechanism.DefaultSignals, defaultSignals() is { } noDefaultSignals
                ? $"env cannot reset SIGPIPE (coreutils 8.31 or later can): workloads inherit it ignored ({noDefaultSignals})" : null);
        }
        finally
        {
            Directory.Delete(tmpfsTarget, recursive: true);
            File.Delete(seccompFilter);
        }

        IReadOnlyDictionary<string, string> bases = new Dictionary<string, string>();
        IReadOnlyDictionary<string, string> cgroupProblems = CgroupDiscovery.Controllers.ToDictionary(c => c, _ => "disabled by the settings (useCgroups/isolation)");
        if (process && settings.UseCgroups)
        {
            bases = CgroupDiscovery.FindUsableBases(settings.CgroupName, out cgroupProblems);
        }

        return new HostFacts { IsRoot = isRoot, Tools = tools, Problems = problems, CgroupBases = bases, CgroupProblems = cgroupProblems };
    }

    private static void Check(Dictionary<Mechanism, string> problems, Mechanism mechanism, string? problem)
    {
        if (problem is not null) problems[mechanism] = problem;
    }

    private static string? Missing(string? path, string tool, string package) =>
        path is null ? $"{tool} is not installed (Debian package {package}; build/engines/install.sh installs it)" : null;

    // In the same shape as a run: the program is opened by the shell, then bubblewrap (as nobody in a user namespace
    // when that works) loads it.
    private static Func<string?> StartSeccomp(ProbeBatch batch, HostTools tools, string[] noop, string[] system, string filter, bool userNamespace, bool isRoot)
    {
        string?[] drop = userNamespace && isRoot ? [tools.Setpriv, .. SandboxCommandLine.DropToUnprivilegedHostUser] : [];
        string[] user = userNamespace ? ["--unshare-user"] : [];
        return batch.Start([tools.Shell, "-c", "exec 9<\"$1\" && shift && exec \"$@\"", "sh", filter,
            .. drop, tools.Bubblewrap, .. user, .. system, "--seccomp", "9", "--", .. noop]);
    }
}
