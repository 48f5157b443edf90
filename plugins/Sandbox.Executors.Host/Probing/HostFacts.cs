namespace Sandbox.Executors.Host.Probing;

/// <summary>What this machine allows, measured by <see cref="HostProbe"/> by running each mechanism once.</summary>
internal sealed record HostFacts
{
    /// <summary>Whether the host process runs as root (euid 0).</summary>
    public required bool IsRoot { get; init; }

    /// <summary>The tools found.</summary>
    public required HostTools Tools { get; init; }

    /// <summary>Why each probed mechanism failed, keyed by <see cref="Mechanism"/>; a mechanism absent here works.</summary>
    public required IReadOnlyDictionary<Mechanism, string> Problems { get; init; }

    /// <summary>Usable cgroup v1 base directory per controller (memory, cpu, cpuacct, pids).</summary>
    public required IReadOnlyDictionary<string, string> CgroupBases { get; init; }

    /// <summary>Why each other controller is unusable.</summary>
    public required IReadOnlyDictionary<string, string> CgroupProblems { get; init; }

    /// <summary>When the probes ran.</summary>
    public DateTimeOffset MeasuredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The file an earlier process kept these facts in (<see cref="HostFactsCache"/>); <c>null</c> when this process
    /// measured them.
    /// </summary>
    public string? KeptIn { get; init; }

    /// <summary>Whether <paramref name="mechanism"/> works here.</summary>
    public bool Works(Mechanism mechanism) => !Problems.ContainsKey(mechanism);

    /// <summary>Why <paramref name="mechanism"/> does not work (or an empty string).</summary>
    public string Why(Mechanism mechanism) => Problems.GetValueOrDefault(mechanism, "");
}

/// <summary>The isolation mechanisms probed.</summary>
internal enum Mechanism
{
    /// <summary>bubblewrap creates mount, pid, network, ipc and uts namespaces.</summary>
    Bubblewrap,

    /// <summary>
    /// bubblewrap runs unprivileged in a user namespace (as root: after dropping to nobody first), so the workload is
    /// the requested user inside but an unprivileged user on the host.
    /// </summary>
    UserNamespace,

    /// <summary>A noexec, nosuid, size-capped tmpfs mounted in a private mount namespace (root with unshare).</summary>
    NoexecTmpfs,

    /// <summary>bubblewrap loads the seccomp filter.</summary>
    Seccomp,

    /// <summary>setpriv switches user, clears groups and capabilities and sets no_new_privs (root).</summary>
    SwitchUser,

    /// <summary>setpriv sets no_new_privs and clears inheritable capabilities (any user).</summary>
    NoNewPrivileges,

    /// <summary>prlimit sets rlimits.</summary>
    Rlimits,

    /// <summary>
    /// env resets SIGPIPE to its default action (coreutils 8.31+). .NET ignores SIGPIPE, and an ignored signal stays
    /// ignored across exec: without this a workload's `yes | head` reports broken pipes instead of ending quietly.
    /// </summary>
    DefaultSignals,
}
