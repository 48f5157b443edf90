using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Whether rootless Podman could run the framework's sandboxes on this host, and if not, why — for
/// <c>sandbox doctor</c>. Informational: the executor uses whatever service its endpoint names (rootful here).
/// </summary>
internal static class RootlessProbe
{
    public static HealthCheck Check(Func<string, bool>? fileExists = null, Func<string, string?>? readFile = null, bool? isRoot = null)
    {
        fileExists ??= File.Exists;
        readFile ??= path => File.Exists(path) ? File.ReadAllText(path) : null;
        var root = isRoot ?? Environment.UserName == "root";
        var blockers = new List<string>();

        // Rootless containers can only be limited through cgroup v2 delegation; on v1 memory, CPU and pids limits
        // would silently not apply, so the framework's limits could not be enforced.
        if (!fileExists("/sys/fs/cgroup/cgroup.controllers")) blockers.Add("the host uses cgroup v1, where rootless containers get no memory/CPU/pids limits");
        if (!fileExists("/usr/bin/newuidmap") || !fileExists("/usr/bin/newgidmap")) blockers.Add("newuidmap/newgidmap are missing (package uidmap)");
        if (readFile("/proc/sys/user/max_user_namespaces")?.Trim() == "0") blockers.Add("user namespaces are disabled (user.max_user_namespaces=0)");
        var subuid = readFile("/etc/subuid") ?? "";
        if (!subuid.Split('\n').Any(l => l.Contains(':'))) blockers.Add("no user has a subordinate uid range in /etc/subuid");

        var who = root ? "this process runs as root, so the rootful service is used" : "this process is not root";
        return blockers.Count == 0
            ? new HealthCheck("rootless podman", true, $"possible ({who}); point PODMAN_HOST at the user's socket ($XDG_RUNTIME_DIR/podman/podman.sock) to use it")
            : new HealthCheck("rootless podman", false, $"not usable here ({who}): {string.Join("; ", blockers)}",
                "use the rootful service (the default here); for rootless, use a cgroup v2 host with delegation, install uidmap, add the user to /etc/subuid and /etc/subgid, then run `podman system service` as that user");
    }
}
