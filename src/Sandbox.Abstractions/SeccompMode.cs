namespace Sandbox.Abstractions;

/// <summary>Which seccomp filter confines the workload's system calls.</summary>
public enum SeccompMode
{
    /// <summary>The engine's default profile (Docker's default blocks ~50 dangerous syscalls).</summary>
    Default = 0,

    /// <summary>A profile file given in <see cref="SecurityProfile.SeccompProfilePath"/>.</summary>
    Custom = 1,

    /// <summary>No filter at all. Dangerous: the whole kernel surface is reachable.</summary>
    Unconfined = 2,
}
