using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>What a Docker-API engine enforces: everything the layer renders, narrowed by what the engine reports.</summary>
internal static class EngineCapabilities
{
    private const SandboxFeatures Rendered =
        SandboxFeatures.MemoryLimit | SandboxFeatures.CpuLimit | SandboxFeatures.PidsLimit | SandboxFeatures.NetworkIsolation
        | SandboxFeatures.NetworkAccess | SandboxFeatures.ReadOnlyRoot | SandboxFeatures.Tmpfs | SandboxFeatures.DropCapabilities
        | SandboxFeatures.NoNewPrivileges | SandboxFeatures.NonRootUser | SandboxFeatures.Seccomp | SandboxFeatures.CustomSeccompProfile
        | SandboxFeatures.CustomRuntime | SandboxFeatures.FilesIn | SandboxFeatures.FilesOut | SandboxFeatures.HostMounts
        | SandboxFeatures.OomDetection | SandboxFeatures.Stats | SandboxFeatures.Images | SandboxFeatures.AddCapabilities
        | SandboxFeatures.Privileged | SandboxFeatures.FileSizeLimit | SandboxFeatures.OpenFilesLimit | SandboxFeatures.Sessions;

    /// <summary>Before the engine has been asked: what the layer renders, minus what the dialect is known to lack.</summary>
    public static ExecutorCapabilities Initial(EngineDialect dialect) => Build(dialect, Rendered, new Dictionary<SandboxFeatures, string>());

    /// <summary>Narrowed by the engine's <c>info</c>: limits the kernel/cgroups lack and a missing seccomp.</summary>
    public static ExecutorCapabilities FromInfo(EngineDialect dialect, EngineInfo info)
    {
        var features = Rendered;
        var reasons = new Dictionary<SandboxFeatures, string>();
        void Lacks(bool condition, SandboxFeatures feature, string why)
        {
            if (!condition) return;
            features &= ~feature;
            reasons[feature] = why;
        }

        Lacks(!info.MemoryLimit, SandboxFeatures.MemoryLimit, $"the {dialect.Name} engine reports no memory-limit support (cgroup memory controller missing)");
        Lacks(!info.MemoryLimit, SandboxFeatures.OomDetection, "without a memory limit there is no OOM kill to detect");
        Lacks(!info.PidsLimit, SandboxFeatures.PidsLimit, $"the {dialect.Name} engine reports no pids-limit support");
        Lacks(!info.CpuCfsQuota, SandboxFeatures.CpuLimit, $"the {dialect.Name} engine reports no CFS quota support");
        var seccomp = info.HasSecurityOption("seccomp");
        Lacks(!seccomp, SandboxFeatures.Seccomp, $"the {dialect.Name} engine reports no seccomp support");
        Lacks(!seccomp, SandboxFeatures.CustomSeccompProfile, $"the {dialect.Name} engine reports no seccomp support");
        return Build(dialect, features, reasons);
    }


    private static ExecutorCapabilities Build(EngineDialect dialect, SandboxFeatures features, Dictionary<SandboxFeatures, string> reasons)
    {
        if (dialect.EgressNetworks == EgressNetworkCreation.Unsupported)
            reasons[SandboxFeatures.EgressAllowList] = $"egress allow-lists are not fenced on {dialect.Name} yet (its networks cannot be given a known bridge); use docker";
        else if (Sandbox.Egress.EgressFence.Unavailable() is { } why)
            reasons[SandboxFeatures.EgressAllowList] = why;
        else
            features |= SandboxFeatures.EgressAllowList | SandboxFeatures.EgressSecrets;
        if ((features & SandboxFeatures.EgressAllowList) == 0) reasons[SandboxFeatures.EgressSecrets] = reasons[SandboxFeatures.EgressAllowList];

        if (!dialect.ReportsOomKilled)
        {
            features &= ~SandboxFeatures.OomDetection;
            reasons[SandboxFeatures.OomDetection] = $"{dialect.Name}'s API reports OOMKilled=false even after an OOM kill; OomKilled is inferred from an exit by SIGKILL (137) under a memory limit";
        }

        return new ExecutorCapabilities { IsolationLevel = IsolationLevel.Container, Features = features, Limitations = reasons };
    }
}
