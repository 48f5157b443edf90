using Sandbox.Abstractions;

namespace Sandbox.Executors.Firejail.Tests;

/// <summary>What the sample advertises, observed from inside its sandbox.</summary>
public sealed class FirejailIsolationTests(FirejailPlugin plugin) : IClassFixture<FirejailPlugin>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void The_sample_compiles_from_source_without_a_diagnostic()
    {
        var descriptor = plugin.Descriptor;

        Assert.True(descriptor.Loaded, descriptor.Error);
        Assert.Equal(FirejailPlugin.SampleDirectory, descriptor.SourceDirectory);
        Assert.Empty(descriptor.Diagnostics);
        Assert.Equal(Sandbox.Core.Plugins.PluginKind.Executor, descriptor.Kind);
        Assert.Equal("firejail", descriptor.Name);
    }

    [Fact]
    public async Task The_workload_runs_as_nobody_without_capabilities_network_or_new_privileges()
    {
        var executor = plugin.Executor;

        var result = await executor.ExecuteAsync(ExecutionRequest.For("sh", "-c", "id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status; ls /sys/class/net") with
        {
            Limits = ResourceLimits.Default with { MemoryBytes = null, Cpus = null, Pids = null },
            Security = SecurityProfile.Default with { ReadOnlyRootFilesystem = false },
        }, Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("65534\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\nlo\n", result.Stdout);
        Assert.Equal(IsolationLevel.Namespace, result.IsolationLevel);
    }

    [Fact]
    public async Task The_executor_is_healthy_when_firejail_can_start_a_sandbox()
    {
        var report = await plugin.Executor.HealthCheckAsync(Token);

        Assert.True(report.Healthy, report.Summary);
    }
}
