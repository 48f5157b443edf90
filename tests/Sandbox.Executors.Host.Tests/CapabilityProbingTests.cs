using Sandbox.Abstractions;
using Sandbox.Testing;

namespace Sandbox.Executors.Host.Tests;

/// <summary>What the executor advertises matches what this machine allows, at each isolation setting.</summary>
public sealed class CapabilityProbingTests
{
    private const SandboxFeatures Namespaced = SandboxFeatures.NetworkIsolation | SandboxFeatures.ReadOnlyRoot | SandboxFeatures.Tmpfs
        | SandboxFeatures.Seccomp | SandboxFeatures.HostMounts;

    private const SandboxFeatures ProcessLevel = SandboxFeatures.FilesIn | SandboxFeatures.FilesOut | SandboxFeatures.NetworkAccess
        | SandboxFeatures.DropCapabilities | SandboxFeatures.NoNewPrivileges | SandboxFeatures.NonRootUser
        | SandboxFeatures.MemoryLimit | SandboxFeatures.OomDetection | SandboxFeatures.CpuLimit | SandboxFeatures.PidsLimit
        | SandboxFeatures.Stats | SandboxFeatures.FileSizeLimit | SandboxFeatures.OpenFilesLimit;

    [Fact]
    public void As_root_with_bubblewrap_and_cgroups_everything_but_engine_features_is_advertised()
    {
        RequireRootWithBubblewrap();
        var executor = HostExecutors.Strongest;
        TestContext.Current.TestOutputHelper?.WriteLine($"{executor.IsolationLevel}: {executor.Capabilities.Features}");

        Assert.Equal(IsolationLevel.Namespace, executor.IsolationLevel);
        Assert.Equal(Namespaced | ProcessLevel, executor.Capabilities.Features);
        foreach (var missing in new[] { SandboxFeatures.Privileged, SandboxFeatures.AddCapabilities, SandboxFeatures.CustomRuntime, SandboxFeatures.CustomSeccompProfile, SandboxFeatures.Images })
            Assert.Contains("container executors", executor.Capabilities.Limitations[missing], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_namespaces_only_process_level_features_are_advertised_and_the_rest_says_why()
    {
        RequireRootWithBubblewrap();
        var executor = HostExecutors.ProcessOnly;

        Assert.Equal(IsolationLevel.Process, executor.IsolationLevel);
        Assert.Equal(ProcessLevel, executor.Capabilities.Features);
        foreach (var feature in SandboxFeatureNames.Split(Namespaced))
            Assert.Contains("isolation setting", executor.Capabilities.Limitations[feature], StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_child_process_advertises_files_and_host_network_only()
    {
        var executor = HostExecutors.Unisolated;

        Assert.Equal(IsolationLevel.None, executor.IsolationLevel);
        Assert.Equal(SandboxFeatures.FilesIn | SandboxFeatures.FilesOut | SandboxFeatures.NetworkAccess, executor.Capabilities.Features);
        Assert.All(SandboxFeatureNames.Split(SandboxFeatures.MemoryLimit | SandboxFeatures.NetworkIsolation | SandboxFeatures.Stats),
            f => Assert.False(string.IsNullOrWhiteSpace(executor.Capabilities.Limitations[f])));
    }

    [Fact]
    public void Without_cgroups_limits_fall_back_to_rlimits_and_lose_OOM_detection_CPU_quota_and_stats()
    {
        RequireRootWithBubblewrap();
        var executor = HostExecutors.Create(new { useCgroups = false });
        var features = executor.Capabilities.Features;

        Assert.True(executor.Capabilities.Supports(SandboxFeatures.MemoryLimit | SandboxFeatures.PidsLimit | SandboxFeatures.FileSizeLimit | SandboxFeatures.OpenFilesLimit));
        Assert.Equal(SandboxFeatures.None, features & (SandboxFeatures.OomDetection | SandboxFeatures.CpuLimit | SandboxFeatures.Stats));
        Assert.Contains("RLIMIT_CPU", executor.Capabilities.Limitations[SandboxFeatures.CpuLimit], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_each_mechanism()
    {
        var report = await HostExecutors.Strongest.HealthCheckAsync(TestContext.Current.CancellationToken);

        Assert.True(report.Healthy, report.Summary);
        Assert.Contains(report.Checks, c => c.Name == "Bubblewrap");
        Assert.Contains(report.Checks, c => c.Name == "cgroup memory");
        Assert.Contains(report.Checks, c => c.Name == "temp root" && c.Passed);
    }

    internal static void RequireRootWithBubblewrap() =>
        EngineGate.Require(Environment.UserName == "root" && File.Exists("/usr/bin/bwrap") && Directory.Exists("/sys/fs/cgroup/memory"),
            "root with bubblewrap and cgroup v1", "run the tests as root after build/engines/install.sh");
}
