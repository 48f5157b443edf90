namespace Sandbox.Executors.Host;

/// <summary>The <c>executors.host</c> section of <c>sandbox.json</c>. Every default is the strongest setting.</summary>
public sealed class HostExecutorSettings
{
    /// <summary>The strongest isolation to use (lower it only to test or to work around a broken tool).</summary>
    public HostIsolationMode Isolation { get; set; } = HostIsolationMode.Namespaces;

    /// <summary>Whether to use cgroup v1 controllers (memory, cpu, cpuacct, pids) when they are writable.</summary>
    public bool UseCgroups { get; set; } = true;

    /// <summary>
    /// Where per-run directories are created; defaults to <c>$TMPDIR/sandbox-host-&lt;euid&gt;</c>. Orphan sweeps look here.
    /// </summary>
    public string? TempRoot { get; set; }

    /// <summary>Name of the cgroup created below the host process's own cgroup in every controller; runs nest under it.</summary>
    public string CgroupName { get; set; } = "sandbox-host";

    /// <summary>
    /// Host paths made visible read-only inside the namespace sandbox (a symbolic link such as <c>/bin -&gt; usr/bin</c> is
    /// recreated as a link). Everything else of the host (home directories, /tmp, /var, /run, ...) is hidden.
    /// </summary>
    public IReadOnlyList<string> SystemPaths { get; set; } = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
}
