using Sandbox.Abstractions;
using Xunit;

namespace Sandbox.Testing;

public abstract partial class ExecutorConformanceTests
{
    /// <summary>Every result names the executor, the isolation it had, its phases and its duration.</summary>
    [Fact]
    public async Task Results_name_the_executor_and_report_phases_and_duration()
    {
        var result = await RunAsync(Request("true"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Executor.Name, result.Executor);
        Assert.Equal(Executor.IsolationLevel, result.IsolationLevel);
        Assert.Equal(SandboxFeatures.None, result.WeakenedFeatures);
        Assert.NotEmpty(result.Phases);
        Assert.All(result.Phases, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Name));
            Assert.True(p.Duration >= TimeSpan.Zero);
        });
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    /// <summary>An empty command is an invalid request, not a result.</summary>
    [Fact]
    public async Task An_empty_command_is_rejected()
    {
        var request = Request();

        await Assert.ThrowsAsync<InvalidRequestException>(() => Executor.ExecuteAsync(request, TestCancellation));

        await AssertNothingLeftAsync(request.Id!);
    }

    /// <summary>
    /// For every feature the executor does not advertise, a request demanding it is refused with
    /// <see cref="CapabilityNotSupportedException"/>, never silently run with less.
    /// </summary>
    [Fact]
    public async Task Every_unadvertised_feature_is_refused_not_ignored()
    {
        foreach (var feature in Unadvertised())
        {
            var request = ConformanceRequests.Demand(Minimal(), feature);

            var refusal = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => Executor.ExecuteAsync(request, TestCancellation));

            Assert.True(refusal.Missing.HasFlag(feature), $"refusing {SandboxFeatureNames.Describe(feature)} did not name it: {refusal.Message}");
            Assert.Equal(Executor.Name, refusal.Executor);
            await AssertNothingLeftAsync(request.Id!);
        }
    }

    /// <summary>
    /// With <see cref="ExecutionRequest.AllowWeakerIsolation"/>, an unadvertised protective feature is waived: the run
    /// proceeds and <see cref="ExecutionResult.WeakenedFeatures"/> reports it. Features that would grant more power
    /// (privileged, added capabilities, network access, mounts, files, runtimes) are refused even then.
    /// </summary>
    [Fact]
    public async Task Unadvertised_features_are_waived_only_when_allowed_and_then_reported()
    {
        foreach (var feature in Unadvertised())
        {
            var request = ConformanceRequests.Demand(Minimal(), feature) with { AllowWeakerIsolation = true };
            if ((feature & RequestGuard.NeverWaived) != 0)
            {
                await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => Executor.ExecuteAsync(request, TestCancellation));
                await AssertNothingLeftAsync(request.Id!);
                continue;
            }

            var result = await RunAsync(request);

            Assert.Equal(0, result.ExitCode);
            Assert.True(result.WeakenedFeatures.HasFlag(feature), $"{SandboxFeatureNames.Describe(feature)} was waived but not reported in WeakenedFeatures");
        }
    }

    /// <summary>The orphan sweep runs and its counts add up.</summary>
    [Fact]
    public async Task The_orphan_sweep_reports_consistent_counts()
    {
        var report = await Executor.CleanupAsync(TestCancellation);

        Assert.True(report.Found >= 0 && report.Removed >= 0 && report.Failed >= 0);
        Assert.Equal(report.Found, report.Removed + report.Failed);
        Assert.True(report.Failed == 0 || report.Errors.Count > 0, "a failed removal must say why in Errors");
    }

    /// <summary>
    /// The sweep removes only what dead owners left behind: a sandbox of this (living) process that runs while the sweep
    /// does finishes its command. On a clean engine the counts above are 0 = 0 + 0; this case can fail.
    /// </summary>
    [Fact]
    public async Task The_orphan_sweep_spares_a_running_sandbox_whose_owner_is_alive()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = Shell("echo ready; sleep 1; echo finished") with
        {
            OnOutput = line =>
            {
                if (line.Text == "ready") ready.TrySetResult();
            },
        };

        var run = RunAsync(request);
        await Task.WhenAny(ready.Task, run).WaitAsync(TimeSpan.FromSeconds(60), TestCancellation);
        var report = await Executor.CleanupAsync(TestCancellation);
        var result = await run;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ready\nfinished\n", result.Stdout);
        Assert.Equal(report.Found, report.Removed + report.Failed);
    }

    private ExecutionRequest Minimal() => ConformanceRequests.Minimal(Request("true"), Executor.Capabilities);

    private IEnumerable<SandboxFeatures> Unadvertised() =>
        ConformanceRequests.Demandable.Where(f => !Executor.Capabilities.Supports(f));
}
