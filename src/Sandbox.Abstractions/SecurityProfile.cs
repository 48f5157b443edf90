namespace Sandbox.Abstractions;

/// <summary>
/// Privilege settings for one run. Every default is the locked-down choice; weakening one is an explicit act that
/// the SBX analyzers, the build task and <c>sandbox validate-config</c> all report.
/// </summary>
public sealed record SecurityProfile
{
    /// <summary>The locked-down defaults.</summary>
    public static SecurityProfile Default { get; } = new();

    /// <summary>The default user: nobody (65534), which exists in every Debian-based image and is never root.</summary>
    public const string DefaultUser = "65534:65534";

    /// <summary>Mount the root filesystem read-only; only /tmp and the working directory are writable.</summary>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    /// <summary>Drop every Linux capability before the command starts.</summary>
    public bool DropAllCapabilities { get; init; } = true;

    /// <summary>Capabilities to add back (e.g. <c>NET_BIND_SERVICE</c>). Empty by default.</summary>
    public IReadOnlyList<string> AddCapabilities { get; init; } = [];

    /// <summary>Set no_new_privs so setuid binaries cannot raise privileges.</summary>
    public bool NoNewPrivileges { get; init; } = true;

    /// <summary>The user (<c>uid</c> or <c>uid:gid</c>) the command runs as. Root (<c>0</c>) is flagged.</summary>
    public string User { get; init; } = DefaultUser;

    /// <summary>Run privileged. Never a default; a privileged container is root on the host.</summary>
    public bool Privileged { get; init; }

    /// <summary>Which seccomp filter applies.</summary>
    public SeccompMode Seccomp { get; init; } = SeccompMode.Default;

    /// <summary>Path of a seccomp profile (JSON) on the host when <see cref="Seccomp"/> is <see cref="SeccompMode.Custom"/>.</summary>
    public string? SeccompProfilePath { get; init; }

    /// <summary>AppArmor profile name; <c>null</c> uses the engine default, <c>unconfined</c> disables it.</summary>
    public string? AppArmorProfile { get; init; }

    /// <summary>OCI runtime to use (e.g. <c>runsc</c> for gVisor); <c>null</c> uses the engine default.</summary>
    public string? Runtime { get; init; }

    /// <summary>Whether <see cref="User"/> names root.</summary>
    public bool RunsAsRoot => Rules.UnsafeValues.IsRootUser(User);
}
