namespace Sandbox.Cli.Tests;

/// <summary>A command does only the work it asked for: loading the bundled host executor does not probe the machine.</summary>
public sealed class StartupWorkTests
{
    private const string ProbeEvent = "Host executor: probing what this machine allows";
    private const string KeptEvent = "Host executor: using what an earlier process probed";

    [Fact]
    public async Task A_run_on_another_executor_never_probes_the_host_and_still_works()
    {
        var run = await CliHarness.InvokeAsync("run", "--verbose", "--executor", "fake", "--", "echo", "hi");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hi\n", run.Stdout);
        Assert.DoesNotContain(ProbeEvent, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(KeptEvent, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_the_host_executor_for_its_health_probes_it_or_reads_an_earlier_probe_once()
    {
        var doctor = await CliHarness.InvokeAsync("doctor", "--verbose");

        Assert.Single(doctor.Stderr.Split('\n'), line => line.Contains(ProbeEvent, StringComparison.Ordinal) || line.Contains(KeptEvent, StringComparison.Ordinal));
    }
}
