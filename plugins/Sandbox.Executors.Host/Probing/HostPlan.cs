using Sandbox.Abstractions;

namespace Sandbox.Executors.Host.Probing;

/// <summary>
/// Which mechanisms every run uses, decided once from <see cref="HostFacts"/>, and the capabilities that follows from
/// them: a feature is advertised only when a mechanism that enforces it works here.
/// </summary>
internal sealed record HostPlan
{
    /// <summary>The measured facts.</summary>
    public required HostFacts Facts { get; init; }

    /// <summary>Run inside bubblewrap namespaces.</summary>
    public required bool Namespaces { get; init; }

    /// <summary>Run bubblewrap unprivileged in a user namespace (as root: after becoming nobody).</summary>
    public required bool UserNamespace { get; init; }

    /// <summary>Mount a noexec, size-capped tmpfs on /tmp in a private mount namespace first (root only).</summary>
    public required bool NoexecTmpfs { get; init; }

    /// <summary>Load the seccomp filter.</summary>
    public required bool Seccomp { get; init; }

    /// <summary>Switch to the requested user with setpriv, dropping groups and every capability (root only).</summary>
    public required bool SwitchUser { get; init; }

    /// <summary>Set no_new_privs with setpriv.</summary>
    public required bool NoNewPrivileges { get; init; }

    /// <summary>Apply rlimits with prlimit.</summary>
    public required bool Rlimits { get; init; }

    /// <summary>Reset SIGPIPE to its default action with env.</summary>
    public required bool DefaultSignals { get; init; }

    /// <summary>Usable cgroup base directory per controller.</summary>
    public required IReadOnlyDictionary<string, string> Cgroups { get; init; }

    /// <summary>What this plan enforces.</summary>
    public required ExecutorCapabilities Capabilities { get; init; }

    /// <summary>Whether pids are limited by RLIMIT_NPROC (per user id) rather than a cgroup.</summary>
    public bool PidsByRlimit => !Cgroups.ContainsKey("pids") && Capabilities.Supports(SandboxFeatures.PidsLimit);

    /// <summary>Decides the plan.</summary>
    public static HostPlan From(HostFacts facts)
    {
        // Without root, bubblewrap can only work through a user namespace.
        var userNamespace = facts.Works(Mechanism.UserNamespace);
        var namespaces = facts.Works(Mechanism.Bubblewrap) && (facts.IsRoot || userNamespace);
        var switchUser = facts.Works(Mechanism.SwitchUser);
        var nnp = facts.Works(Mechanism.NoNewPrivileges);
        var rlimits = facts.Works(Mechanism.Rlimits);
        var cgroups = facts.CgroupBases;
        var features = SandboxFeatures.FilesIn | SandboxFeatures.FilesOut;
        var why = new Dictionary<SandboxFeatures, string>();

        void Decide(SandboxFeatures feature, bool enforced, string reason)
        {
            if (enforced) features |= feature;
            else why[feature] = reason;
        }

        var noNamespaces = $"needs bubblewrap namespaces: {(facts.Works(Mechanism.Bubblewrap) ? facts.Why(Mechanism.UserNamespace) : facts.Why(Mechanism.Bubblewrap))}";
        Decide(SandboxFeatures.NetworkIsolation, namespaces, noNamespaces);
        Decide(SandboxFeatures.ReadOnlyRoot, namespaces, noNamespaces);
        Decide(SandboxFeatures.HostMounts, namespaces, noNamespaces);
        Decide(SandboxFeatures.NetworkAccess, true, "");
        Decide(SandboxFeatures.Tmpfs, namespaces && facts.Works(Mechanism.NoexecTmpfs),
            namespaces ? $"a noexec /tmp: {facts.Why(Mechanism.NoexecTmpfs)}" : noNamespaces);
        Decide(SandboxFeatures.Seccomp, facts.Works(Mechanism.Seccomp), facts.Why(Mechanism.Seccomp));

        // As root, setpriv drops everything; without root, bubblewrap's user namespace does (and maps the requested ids).
        var dropsPrivileges = facts.IsRoot ? switchUser : namespaces || nnp;
        var dropReason = facts.IsRoot ? facts.Why(Mechanism.SwitchUser) : facts.Why(Mechanism.NoNewPrivileges);
        Decide(SandboxFeatures.DropCapabilities, dropsPrivileges, dropReason);
        Decide(SandboxFeatures.NoNewPrivileges, dropsPrivileges, dropReason);
        Decide(SandboxFeatures.NonRootUser, facts.IsRoot ? switchUser : namespaces,
            facts.IsRoot ? facts.Why(Mechanism.SwitchUser) : $"running as another user without root needs bubblewrap's user namespace: {facts.Why(Mechanism.UserNamespace)}");

        var noRlimits = facts.Why(Mechanism.Rlimits);
        Decide(SandboxFeatures.MemoryLimit, cgroups.ContainsKey("memory") || rlimits, $"no cgroup memory controller ({CgroupWhy(facts, "memory")}) and no rlimits ({noRlimits})");
        Decide(SandboxFeatures.OomDetection, cgroups.ContainsKey("memory"), $"needs the cgroup v1 memory controller: {CgroupWhy(facts, "memory")} (RLIMIT_AS makes allocations fail instead of killing)");
        Decide(SandboxFeatures.CpuLimit, cgroups.ContainsKey("cpu"), $"a CPU quota needs the cgroup v1 cpu controller: {CgroupWhy(facts, "cpu")} (RLIMIT_CPU only caps total CPU seconds, so it is applied as a backstop but not advertised)");
        Decide(SandboxFeatures.PidsLimit, cgroups.ContainsKey("pids") || (rlimits && (facts.IsRoot ? switchUser : true)),
            $"no cgroup pids controller ({CgroupWhy(facts, "pids")}) and RLIMIT_NPROC is unusable ({(rlimits ? "it does not bind root" : noRlimits)})");
        Decide(SandboxFeatures.Stats, cgroups.ContainsKey("cpuacct") && cgroups.ContainsKey("memory"),
            $"CPU time and peak memory are read from the cgroup v1 cpuacct and memory controllers: {CgroupWhy(facts, "cpuacct")}; {CgroupWhy(facts, "memory")}");
        Decide(SandboxFeatures.FileSizeLimit, rlimits, noRlimits);
        Decide(SandboxFeatures.OpenFilesLimit, rlimits, noRlimits);

        const string engineOnly = "only container executors (docker, podman) provide it";
        foreach (var feature in new[] { SandboxFeatures.CustomSeccompProfile, SandboxFeatures.CustomRuntime, SandboxFeatures.Images, SandboxFeatures.AddCapabilities, SandboxFeatures.Privileged, SandboxFeatures.Sessions })
            why[feature] = engineOnly;

        var level = namespaces ? IsolationLevel.Namespace
            : rlimits || cgroups.Count > 0 || switchUser ? IsolationLevel.Process
            : IsolationLevel.None;
        return new HostPlan
        {
            Facts = facts,
            Namespaces = namespaces,
            UserNamespace = namespaces && userNamespace,
            NoexecTmpfs = namespaces && facts.Works(Mechanism.NoexecTmpfs),
            Seccomp = facts.Works(Mechanism.Seccomp),
            SwitchUser = switchUser,
            NoNewPrivileges = nnp,
            Rlimits = rlimits,
            DefaultSignals = facts.Works(Mechanism.DefaultSignals),
            Cgroups = cgroups,
            Capabilities = new ExecutorCapabilities { IsolationLevel = level, Features = features, Limitations = why },
        };
    }

    private static string CgroupWhy(HostFacts facts, string controller) =>
        facts.CgroupProblems.TryGetValue(controller, out var why) ? $"{controller}: {why}" : $"{controller}: usable";
}
