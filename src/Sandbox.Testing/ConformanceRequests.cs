using Sandbox.Abstractions;

namespace Sandbox.Testing;

/// <summary>
/// How a request demands, or stops demanding, each feature a request can express. The conformance kit uses it to fit
/// its requests to what an executor advertises, and to demand exactly one unadvertised feature at a time.
/// </summary>
public static class ConformanceRequests
{
    /// <summary>The features a request can demand, in the order the kit checks them.</summary>
    public static IReadOnlyList<SandboxFeatures> Demandable { get; } =
    [
        SandboxFeatures.MemoryLimit, SandboxFeatures.CpuLimit, SandboxFeatures.PidsLimit, SandboxFeatures.OpenFilesLimit,
        SandboxFeatures.FileSizeLimit, SandboxFeatures.NetworkIsolation, SandboxFeatures.NetworkAccess, SandboxFeatures.ReadOnlyRoot,
        SandboxFeatures.Tmpfs, SandboxFeatures.DropCapabilities, SandboxFeatures.AddCapabilities, SandboxFeatures.NoNewPrivileges,
        SandboxFeatures.NonRootUser, SandboxFeatures.Privileged, SandboxFeatures.Seccomp, SandboxFeatures.CustomSeccompProfile,
        SandboxFeatures.CustomRuntime, SandboxFeatures.FilesIn, SandboxFeatures.FilesOut, SandboxFeatures.HostMounts,
    ];

    /// <summary>
    /// <paramref name="request"/> without the default demands <paramref name="capabilities"/> lacks (limits set to
    /// unlimited, a writable root, root user, no seccomp, the host network when network isolation is missing), so that
    /// it runs with every feature the executor does enforce and <see cref="ExecutionResult.WeakenedFeatures"/> is empty.
    /// </summary>
    public static ExecutionRequest FitTo(ExecutionRequest request, ExecutorCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(capabilities);
        var missing = capabilities.Missing(request.RequiredFeatures());
        foreach (var feature in SandboxFeatureNames.Split(missing)) request = Relax(request, feature);
        return request;
    }

    /// <summary><paramref name="request"/> relaxed so that it no longer demands <paramref name="feature"/> (when a default demands it).</summary>
    public static ExecutionRequest Relax(ExecutionRequest request, SandboxFeatures feature)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = request.Limits;
        var security = request.Security;
        return feature switch
        {
            SandboxFeatures.MemoryLimit => request with { Limits = limits with { MemoryBytes = null } },
            SandboxFeatures.CpuLimit => request with { Limits = limits with { Cpus = null } },
            SandboxFeatures.PidsLimit => request with { Limits = limits with { Pids = null } },
            SandboxFeatures.OpenFilesLimit => request with { Limits = limits with { OpenFiles = null } },
            SandboxFeatures.FileSizeLimit => request with { Limits = limits with { FileSizeBytes = null } },
            SandboxFeatures.NetworkIsolation => request with { Network = NetworkPolicy.Host },
            SandboxFeatures.ReadOnlyRoot or SandboxFeatures.Tmpfs => request with { Security = security with { ReadOnlyRootFilesystem = false } },
            SandboxFeatures.DropCapabilities => request with { Security = security with { DropAllCapabilities = false } },
            SandboxFeatures.NoNewPrivileges => request with { Security = security with { NoNewPrivileges = false } },
            SandboxFeatures.NonRootUser => request with { Security = security with { User = "0" } },
            SandboxFeatures.Seccomp => request with { Security = security with { Seccomp = SeccompMode.Unconfined } },
            _ => request,
        };
    }

    /// <summary>
    /// <paramref name="request"/> with every default demand relaxed (except network isolation when
    /// <paramref name="capabilities"/> has it): the smallest request the executor should accept.
    /// </summary>
    public static ExecutionRequest Minimal(ExecutionRequest request, ExecutorCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        foreach (var feature in SandboxFeatureNames.Split(request.RequiredFeatures()))
        {
            if (feature != SandboxFeatures.NetworkIsolation || !capabilities.Supports(feature)) request = Relax(request, feature);
        }

        return request;
    }

    /// <summary><paramref name="request"/> demanding <paramref name="feature"/> (one of <see cref="Demandable"/>).</summary>
    public static ExecutionRequest Demand(ExecutionRequest request, SandboxFeatures feature)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = request.Limits;
        var security = request.Security;
        return feature switch
        {
            SandboxFeatures.MemoryLimit => request with { Limits = limits with { MemoryBytes = 256L * 1024 * 1024 } },
            SandboxFeatures.CpuLimit => request with { Limits = limits with { Cpus = 1 } },
            SandboxFeatures.PidsLimit => request with { Limits = limits with { Pids = 256 } },
            SandboxFeatures.OpenFilesLimit => request with { Limits = limits with { OpenFiles = 1024 } },
            SandboxFeatures.FileSizeLimit => request with { Limits = limits with { FileSizeBytes = 64L * 1024 * 1024 } },
            SandboxFeatures.NetworkIsolation => request with { Network = NetworkPolicy.None },
            SandboxFeatures.NetworkAccess => request with { Network = NetworkPolicy.Bridge },
            SandboxFeatures.ReadOnlyRoot or SandboxFeatures.Tmpfs => request with { Security = security with { ReadOnlyRootFilesystem = true } },
            SandboxFeatures.DropCapabilities => request with { Security = security with { DropAllCapabilities = true } },
            SandboxFeatures.AddCapabilities => request with { Security = security with { AddCapabilities = ["NET_BIND_SERVICE"] } },
            SandboxFeatures.NoNewPrivileges => request with { Security = security with { NoNewPrivileges = true } },
            SandboxFeatures.NonRootUser => request with { Security = security with { User = SecurityProfile.DefaultUser } },
            SandboxFeatures.Privileged => request with { Security = security with { Privileged = true } },
            SandboxFeatures.Seccomp => request with { Security = security with { Seccomp = SeccompMode.Default } },
            SandboxFeatures.CustomSeccompProfile => request with { Security = security with { Seccomp = SeccompMode.Custom, SeccompProfilePath = "/nonexistent/seccomp.json" } },
            SandboxFeatures.CustomRuntime => request with { Security = security with { Runtime = "runsc" } },
            SandboxFeatures.FilesIn => request with { Files = [SandboxFile.FromText("conformance-in.txt", "in")] },
            SandboxFeatures.FilesOut => request with { OutputPaths = ["conformance-out.txt"] },
            SandboxFeatures.HostMounts => request with { Mounts = [new HostMount("/etc", "/mnt/conformance-etc")] },
            _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, "not a feature a request can demand"),
        };
    }
}
