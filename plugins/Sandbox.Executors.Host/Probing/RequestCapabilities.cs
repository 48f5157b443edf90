using Sandbox.Abstractions;
using Sandbox.Executors.Host.Running;

namespace Sandbox.Executors.Host.Probing;

/// <summary>Per-request refinements of the advertised capabilities, and layout checks only the host executor needs.</summary>
internal static class RequestCapabilities
{
    /// <summary>
    /// The capabilities that hold for <paramref name="request"/>: a bridge network cannot be given (only the host's
    /// own network), and RLIMIT_NPROC cannot limit a workload running as root (it would count every root process).
    /// </summary>
    public static ExecutorCapabilities For(HostPlan plan, ExecutionRequest request)
    {
        var capabilities = plan.Capabilities;
        var removed = new Dictionary<SandboxFeatures, string>();
        if (request.Network == NetworkPolicy.Bridge)
            removed[SandboxFeatures.NetworkAccess] = "a bridge network needs a container engine; the host executor can only share the host's network (network: host)";
        if (plan.PidsByRlimit && request.Limits.Pids is not null && RunsAsRoot(plan, request))
            removed[SandboxFeatures.PidsLimit] = "without the cgroup pids controller the limit is RLIMIT_NPROC, which counts every process of the user: it cannot limit a workload running as root";
        if (removed.Count == 0) return capabilities;

        var features = removed.Keys.Aggregate(capabilities.Features, (f, r) => f & ~r);
        var limitations = new Dictionary<SandboxFeatures, string>(capabilities.Limitations);
        foreach (var (feature, why) in removed) limitations[feature] = why;
        return capabilities with { Features = features, Limitations = limitations };
    }

    /// <summary>
    /// Refuses working directories and mounts a namespace sandbox cannot build: a working directory over the read-only
    /// system paths, /proc or /dev, and mounts of host paths that do not exist.
    /// </summary>
    public static void ValidateLayout(HostPlan plan, HostExecutorSettings settings, ExecutionRequest request)
    {
        if (!plan.Namespaces) return;
        var workingDirectory = SandboxPaths.Resolve(request.WorkingDirectory, "/", "workingDirectory");
        foreach (var reserved in settings.SystemPaths.Append("/proc").Append("/dev"))
        {
            if (workingDirectory == reserved || workingDirectory.StartsWith(reserved + "/", StringComparison.Ordinal))
                throw new InvalidRequestException("workingDirectory", $"'{workingDirectory}' is inside {reserved}, which the host executor mounts read-only; use e.g. /workspace");
        }

        for (var i = 0; i < request.Mounts.Count; i++)
        {
            if (!Path.Exists(request.Mounts[i].HostPath))
                throw new InvalidRequestException($"mounts[{i}].hostPath", $"'{request.Mounts[i].HostPath}' does not exist on the host");
        }
    }

    // Whether the workload is uid 0 on the host (not merely inside a user namespace).
    private static bool RunsAsRoot(HostPlan plan, ExecutionRequest request) =>
        SandboxCommandLine.HostOwner(plan, SandboxUser.Resolve(request.Security.User)) is { IsRoot: true }
        || (plan.Facts.IsRoot && !plan.Namespaces && !plan.SwitchUser);
}
