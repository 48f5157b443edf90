namespace Sandbox.Abstractions;

/// <summary>Human-readable names for <see cref="SandboxFeatures"/> flags.</summary>
public static class SandboxFeatureNames
{
    /// <summary>Splits a combination into its single flags, lowest first.</summary>
    public static IEnumerable<SandboxFeatures> Split(SandboxFeatures features)
    {
        for (var bit = 0; bit < 63; bit++)
        {
            var flag = (SandboxFeatures)(1L << bit);
            if ((features & flag) != 0) yield return flag;
        }
    }

    /// <summary>A short description of one flag, e.g. "memory limit".</summary>
    public static string Describe(SandboxFeatures feature) => feature switch
    {
        SandboxFeatures.MemoryLimit => "memory limit",
        SandboxFeatures.CpuLimit => "CPU limit",
        SandboxFeatures.PidsLimit => "process (pids) limit",
        SandboxFeatures.NetworkIsolation => "no network",
        SandboxFeatures.NetworkAccess => "network access",
        SandboxFeatures.ReadOnlyRoot => "read-only root filesystem",
        SandboxFeatures.Tmpfs => "private size-capped /tmp",
        SandboxFeatures.DropCapabilities => "dropping all capabilities",
        SandboxFeatures.NoNewPrivileges => "no-new-privileges",
        SandboxFeatures.NonRootUser => "non-root user",
        SandboxFeatures.Seccomp => "seccomp filter",
        SandboxFeatures.CustomSeccompProfile => "custom seccomp profile",
        SandboxFeatures.CustomRuntime => "custom OCI runtime",
        SandboxFeatures.FilesIn => "copying files in",
        SandboxFeatures.FilesOut => "collecting files out",
        SandboxFeatures.HostMounts => "host mounts",
        SandboxFeatures.OomDetection => "OOM detection",
        SandboxFeatures.Stats => "resource statistics",
        SandboxFeatures.Images => "container images",
        SandboxFeatures.AddCapabilities => "adding capabilities",
        SandboxFeatures.Privileged => "privileged mode",
        SandboxFeatures.FileSizeLimit => "file size limit",
        SandboxFeatures.OpenFilesLimit => "open files limit",
        SandboxFeatures.Sessions => "sessions",
        SandboxFeatures.EgressAllowList => "egress allow-list",
        SandboxFeatures.EgressSecrets => "egress secrets",
        _ => string.Join(", ", Split(feature).Select(Describe)),
    };
}
