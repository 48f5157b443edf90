using System.Diagnostics;
using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>Nothing is left behind: not on cancellation, not when the owner process dies.</summary>
public abstract class ContainerCleanupTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_mid_run_removes_the_container_then_throws(bool withFiles)
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo ready; sleep 600") with
        {
            OnOutput = line => { if (line.Text == "ready") cancellation.Cancel(); },
            Files = withFiles ? [SandboxFile.FromText("in.txt", "x")] : [],
            OutputPaths = withFiles ? ["out"] : [],
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.ExecuteAsync(request, cancellation.Token));

        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
        Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Fact]
    public async Task An_already_cancelled_run_creates_nothing()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("true");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.ExecuteAsync(request, new CancellationToken(canceled: true)));

        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Fact]
    public async Task A_running_sandbox_carries_ownership_labels_and_survives_a_sweep_while_its_owner_lives()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo ready; sleep 3") with { OnOutput = line => { if (line.Text == "ready") ready.TrySetResult(); } };
        var run = executor.ExecuteAsync(request, Ct);

        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var labels = (await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!)).Single().Labels;
        var sweep = await executor.CleanupAsync(Ct);
        var stillThere = await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!);
        var result = await run;

        Assert.Equal("true", labels[SandboxLabels.Managed]);
        Assert.Equal(TTarget.Dialect.Name, labels[SandboxLabels.Executor]);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), labels[SandboxLabels.OwnerPid]);
        Assert.Equal(ProcessIdentity.Current.StartTime, labels[SandboxLabels.OwnerStart]);
        Assert.Equal("", labels[SandboxLabels.Session]);
        Assert.True(DateTimeOffset.TryParse(labels[SandboxLabels.CreatedAt], CultureInfo.InvariantCulture, out _));
        Assert.Single(stillThere);
        Assert.True(sweep.Failed == 0, string.Join("; ", sweep.Errors));
        Assert.True(result.Succeeded, result.Stderr);
    }

    [Fact]
    public async Task A_killed_host_process_leaves_nothing_after_the_next_sweep()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var app = Path.Combine(AppContext.BaseDirectory, "Sandbox.Engines.DockerApi.OrphanMaker.dll");
        var start = new ProcessStartInfo(OrphanMakerHost.Dotnet, [app, TTarget.Dialect.Name, TestImages.Python]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var child = Process.Start(start)!;
        var owner = child.Id.ToString(CultureInfo.InvariantCulture);
        try
        {
            var line = await child.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(90), Ct);
            Assert.True(line == "ready", $"child said '{line}': {(child.HasExited ? await child.StandardError.ReadToEndAsync(Ct) : "")}");
            Assert.Single(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner));
        }
        finally
        {
            child.Kill(); // SIGKILL: the child gets no chance to clean up.
            await child.WaitForExitAsync(Ct);
        }

        var orphaned = await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner);
        var report = await executor.CleanupAsync(Ct);

        Assert.Single(orphaned);
        Assert.True(report.Removed >= 1 && report.Failed == 0, $"found {report.Found}, removed {report.Removed}, failed {report.Failed}: {string.Join("; ", report.Errors)}");
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner));
        Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.OwnerPid, owner));
    }
}
