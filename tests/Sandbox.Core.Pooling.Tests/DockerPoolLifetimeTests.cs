using System.Diagnostics;
using System.Globalization;
using Sandbox.Engines.DockerApi;
using Sandbox.Engines.DockerApi.TestKit;
using Sandbox.TestUtilities;
using static Sandbox.Core.Pooling.Tests.DockerPool;

namespace Sandbox.Core.Pooling.Tests;

/// <summary>Nothing leaks: not with many cancelled runs at once, not when the process holding a warm pool is killed.</summary>
public sealed class DockerPoolLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hundred_concurrent_runs_with_random_cancellations_leak_nothing_and_hold_the_live_bound()
    {
        const int limit = 6;
        var pool = await StartAsync(PoolPolicy.Default with { MinIdle = 2, MaxSize = limit, AcquireTimeout = Timeout.InfiniteTimeSpan }, maxLive: limit);
        var label = new Dictionary<string, string> { ["sandbox-test.pool-run"] = Guid.NewGuid().ToString("N") };
        var observed = 0;
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watcher = WatchAsync(label, count => observed = Math.Max(observed, count), stopWatching.Token);
        var random = new Random(8);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            if (i % 3 == 0) cancel.CancelAfter(random.Next(0, 3000));
            var request = Request("sh", "-c", $"sleep 0.{random.Next(1, 5)}") with { Labels = label };
            try
            {
                var result = await pool.Executor.ExecuteAsync(request, cancel.Token);
                return result.Succeeded && result.CleanupSucceeded ? "ok" : $"failed: {result.ExitCode} {result.Stderr}";
            }
            catch (OperationCanceledException)
            {
                return "cancelled";
            }
        }));
        await pool.DisposeAsync();
        await stopWatching.CancelAsync();
        await watcher;

        Assert.All(outcomes, o => Assert.True(o is "ok" or "cancelled", o));
        Assert.Contains("cancelled", outcomes);
        Assert.InRange(pool.Limiter.PeakLive, 1, limit);
        Assert.InRange(observed, 1, limit);
        Assert.Empty(await TestEngine<DockerTarget>.ContainersLabelledAsync(label.Keys.Single(), label.Values.Single()));
        Assert.Equal(0, pool.Limiter.Live);
    }

    [Fact]
    public async Task A_killed_process_with_a_warm_pool_leaves_nothing_after_the_next_sweep()
    {
        var docker = await RequireSessionsAsync();
        var app = Path.Combine(AppContext.BaseDirectory, "Sandbox.Core.Pooling.OrphanMaker.dll");
        var start = new ProcessStartInfo(OrphanMakerHost.Dotnet, [app, TestImages.Python, "2"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var child = Process.Start(start)!;
        var owner = child.Id.ToString(CultureInfo.InvariantCulture);
        try
        {
            var line = await child.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(120), Ct);
            Assert.True(line == "ready", $"child said '{line}': {(child.HasExited ? await child.StandardError.ReadToEndAsync(Ct) : "")}");
        }
        finally
        {
            child.Kill(); // SIGKILL: the pool gets no chance to shut down.
            await child.WaitForExitAsync(Ct);
        }

        var orphaned = await TestEngine<DockerTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner);
        var report = await docker.CleanupAsync(Ct);

        Assert.Equal(2, orphaned.Count);
        Assert.True(report.Removed >= 2 && report.Failed == 0, $"found {report.Found}, removed {report.Removed}, failed {report.Failed}: {string.Join("; ", report.Errors)}");
        Assert.Empty(await TestEngine<DockerTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner));
        Assert.Empty(await TestEngine<DockerTarget>.VolumesLabelledAsync(SandboxLabels.OwnerPid, owner));
    }

    // Polls the engine for the sandboxes carrying the test's label; the live bound must hold for what the engine sees.
    // A sandbox is counted once: the never-started helper that stages a new sandbox's volumes carries its labels too.
    private static async Task WatchAsync(Dictionary<string, string> label, Action<int> seen, CancellationToken cancellationToken)
    {
        var (key, value) = label.Single();
        while (!cancellationToken.IsCancellationRequested)
        {
            var containers = await TestEngine<DockerTarget>.ContainersLabelledAsync(key, value);
            seen(containers.Select(c => c.Labels.TryGetValue(SandboxLabels.Session, out var session) && session.Length > 0 ? session : c.Labels[SandboxLabels.RequestId]).Distinct().Count());
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
