using System.Diagnostics;
using Sandbox.Executors.Host.Cgroups;
using Sandbox.Executors.Host.Native;
using Sandbox.Executors.Host.Running;
using Sandbox.Executors.Host.Seccomp;

namespace Sandbox.Executors.Host.Probing;

/// <summary>
/// Measures what this machine allows by running each mechanism once with a no-op command (about 50 ms in total):
/// a tool being installed does not mean it works (user namespaces may be disabled, /proc may be read-only, ...).
/// </summary>
internal static class HostProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

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
        string[] bwrapNoop = [tools.Bubblewrap!, "--unshare-all", "--die-with-parent", .. system, "--proc", "/proc", "--dev", "/dev"];
        Check(problems, Mechanism.Bubblewrap, !namespaces ? "disabled by the isolation setting" : Missing(tools.Bubblewrap, "bubblewrap", "bubblewrap")
            ?? Run([.. bwrapNoop, "--", .. noop]));
        Check(problems, Mechanism.UserNamespace, problems.TryGetValue(Mechanism.Bubblewrap, out var noBwrap) ? noBwrap
            : !isRoot ? Run([.. bwrapNoop, "--unshare-user", "--", .. noop])
            : Missing(tools.Setpriv, "setpriv", "util-linux") ?? Run([tools.Setpriv!, .. SandboxCommandLine.DropToUnprivilegedHostUser, .. bwrapNoop, "--unshare-user", "--", .. noop]));
        Check(problems, Mechanism.NoexecTmpfs, !namespaces ? "disabled by the isolation setting" : !isRoot ? "mounting a tmpfs needs root" : Missing(tools.Unshare, "unshare", "util-linux")
            ?? ProbeNoexecTmpfs(tools));
        Check(problems, Mechanism.Seccomp, !namespaces ? "disabled by the isolation setting" : !SeccompFilter.IsSupported ? "the host executor's seccomp filter is built for x86_64 only"
            : problems.TryGetValue(Mechanism.Bubblewrap, out var bwrap) ? $"it is loaded by bubblewrap, which is unusable: {bwrap}"
            : ProbeSeccomp(tools, noop, system, userNamespace: !problems.ContainsKey(Mechanism.UserNamespace), isRoot));
        Check(problems, Mechanism.SwitchUser, !process ? "disabled by the isolation setting" : !isRoot ? "switching to another user needs root" : Missing(tools.Setpriv, "setpriv", "util-linux")
            ?? Run([tools.Setpriv!, "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--", .. noop]));
        Check(problems, Mechanism.NoNewPrivileges, !process ? "disabled by the isolation setting" : Missing(tools.Setpriv, "setpriv", "util-linux")
            ?? Run([tools.Setpriv!, "--no-new-privs", "--inh-caps=-all", "--", .. noop]));
        Check(problems, Mechanism.Rlimits, !process ? "disabled by the isolation setting" : Missing(tools.Prlimit, "prlimit", "util-linux")
            ?? Run([tools.Prlimit!, "--nofile=64:64", "--core=0", "--", .. noop]));

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

    private static string? ProbeNoexecTmpfs(HostTools tools)
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-host-probe-").FullName;
        try
        {
            return Run([tools.Unshare!, "--mount", "--propagation", "private", "--", tools.Shell!, "-c",
                "mount -t tmpfs -o size=65536,noexec,nosuid,nodev sandbox-probe \"$1\"", "sh", dir]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // In the same shape as a run: the program is opened by the shell, then bubblewrap (as nobody in a user namespace
    // when that works) loads it.
    private static string? ProbeSeccomp(HostTools tools, string[] noop, string[] system, bool userNamespace, bool isRoot)
    {
        var filter = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(filter, SeccompFilter.Build());
            string[] drop = userNamespace && isRoot ? [tools.Setpriv!, .. SandboxCommandLine.DropToUnprivilegedHostUser] : [];
            string[] user = userNamespace ? ["--unshare-user"] : [];
            return Run([tools.Shell!, "-c", "exec 9<\"$1\" && shift && exec \"$@\"", "sh", filter,
                .. drop, tools.Bubblewrap!, .. user, .. system, "--seccomp", "9", "--", .. noop]);
        }
        finally
        {
            File.Delete(filter);
        }
    }

    // Runs a probe; returns null on success or what went wrong.
    private static string? Run(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0 || argv.Any(a => a is null)) return "/bin/sh is missing";
        var psi = new ProcessStartInfo(argv[0]) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in argv.Skip(1)) psi.ArgumentList.Add(arg);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        try
        {
            using var process = Process.Start(psi)!;
            process.StandardInput.Close();
            // Probes print a line at most, far below a pipe's buffer, so reading after the exit cannot deadlock.
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'{string.Join(' ', argv.Take(3))} ...' did not finish within {ProbeTimeout.TotalSeconds} s";
            }

            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"'{Path.GetFileName(argv[0])}' failed with exit code {process.ExitCode}: {process.StandardError.ReadToEnd().Trim()}";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return $"cannot run {argv[0]}: {ex.Message}";
        }
    }
}
