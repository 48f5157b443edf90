namespace Sandbox.Abstractions;

/// <summary>Ordered strength of isolation: a higher value isolates more.</summary>
public enum IsolationLevel
{
    /// <summary>A plain child process of the host with no separation beyond the user account.</summary>
    None = 0,

    /// <summary>A host process with resource limits (rlimits) but sharing the host's namespaces.</summary>
    Process = 1,

    /// <summary>A host process in its own Linux namespaces (network, mount, pid) with dropped privileges.</summary>
    Namespace = 2,

    /// <summary>An OCI container (Docker, Podman): namespaces, cgroups, seccomp and an image root filesystem.</summary>
    Container = 3,

    /// <summary>A virtual machine or a user-space kernel (gVisor, Firecracker, Kata).</summary>
    VirtualMachine = 4,
}
