using Sandbox.Abstractions;
using Sandbox.Core.Pooling;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// An engine that restarts in the middle of a run, on a private engine (never the shared one): the run waits for it,
/// then finishes (the container survived: Podman) or removes what it created (Docker without live-restore), and the
/// result names the sandbox and tells the truth about what remains (issue 12). The same for a session command; a warm
/// sandbox that died with the engine is never given a command and is reported lost, and a pooled run then uses another.
/// </summary>
public abstract class ContainerEngineRestartTests<TTarget>(PrivateEngine<TTarget> engine) : IClassFixture<PrivateEngine<TTarget>> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_whose_engine_restarts_midway_is_finished_or_removed_and_the_result_says_which()
    {
        engine.Require();
        using var executor = TTarget.Create(engine.Settings(engineRestartWaitSeconds: 120));
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo ready; sleep 12; echo after") with { OnOutput = Ready(ready) };

        var run = executor.ExecuteAsync(request, Ct);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
        await engine.KillAndRestartAsync(Ct);
        var result = await run.WaitAsync(TimeSpan.FromMinutes(3), Ct);

        Assert.NotNull(result.SandboxId);
        Assert.True(result.CleanupSucceeded, string.Join("; ", result.Warnings));
        if (TTarget.Dialect.ContainersOutliveEngine)
        {
            Assert.Null(result.Error);
            Assert.Equal(0, result.ExitCode);
            // Attached again for the rest of the run; or, on a slow restart, the command had ended meanwhile.
            var ended = result.Warnings.Any(w => w.Contains("ended meanwhile", StringComparison.Ordinal));
            Assert.True(ended || result.Stdout.Contains("after", StringComparison.Ordinal), $"stdout: {result.Stdout}; {string.Join("; ", result.Warnings)}");
            Assert.Contains(result.Warnings, w => w.Contains("stopped answering", StringComparison.Ordinal));
            Assert.Null(result.Stats.CpuTime);
        }
        else
        {
            Assert.Equal(ErrorKind.EngineUnavailable, result.Error?.Kind);
            Assert.Null(result.ExitCode);
            Assert.Contains("was removed", result.Error!.Message);
        }

        Assert.Empty(await engine.ContainersAsync());
        Assert.Empty(await engine.VolumesAsync());
    }

    [Fact]
    public async Task A_run_whose_engine_does_not_come_back_in_time_names_its_sandbox_and_reports_that_it_may_remain()
    {
        engine.Require();
        using var executor = TTarget.Create(engine.Settings(engineRestartWaitSeconds: 2));
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo ready; sleep 600") with { OnOutput = Ready(ready) };

        var run = executor.ExecuteAsync(request, Ct);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
        await engine.KillAsync();
        ExecutionResult result;
        try
        {
            result = await run.WaitAsync(TimeSpan.FromMinutes(2), Ct);
        }
        finally
        {
            await engine.RestartAsync();
        }

        var left = await engine.ContainersAsync();
        Assert.Equal(ErrorKind.EngineUnavailable, result.Error?.Kind);
        Assert.False(result.CleanupSucceeded);
        Assert.NotNull(result.SandboxId);
        Assert.Contains("may remain", result.Error!.Message);
        // Honest: what the result says may remain did remain, under the name it gave.
        Assert.Contains(left, c => c.ID.StartsWith(result.SandboxId!, StringComparison.Ordinal) || c.Names.Contains("/" + result.SandboxId));
        await RemoveAllAsync();
    }

    [Fact]
    public async Task A_session_command_interrupted_by_an_engine_restart_names_the_session_and_says_what_may_remain()
    {
        engine.Require();
        using var executor = TTarget.Create(engine.Settings(engineRestartWaitSeconds: 120));
        var session = await executor.CreateSessionAsync(TestEngine<TTarget>.Request("unused"), Ct);
        ExecutionResult result;
        await using (session)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var command = SessionCommand.For("sh", "-c", "echo ready; sleep 30") with { OnOutput = Ready(ready) };
            var exec = session.ExecAsync(command, Ct);
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
            await engine.KillAndRestartAsync(Ct);
            result = await exec.WaitAsync(TimeSpan.FromMinutes(3), Ct);
        }

        Assert.Equal(ErrorKind.EngineUnavailable, result.Error?.Kind);
        Assert.Null(result.ExitCode);
        Assert.NotNull(result.SandboxId);
        Assert.Contains(session.Id, result.Error!.Message);
        if (TTarget.Dialect.ContainersOutliveEngine)
        {
            Assert.Contains("still runs", result.Error.Message);
            Assert.False(result.CleanupSucceeded);
        }
        else
        {
            Assert.Contains("has stopped", result.Error.Message);
            Assert.True(result.CleanupSucceeded);
        }

        // Disposing the session removed it, engine restart or not.
        Assert.Empty(await engine.ContainersAsync());
        Assert.Empty(await engine.VolumesAsync());
    }

    [Fact]
    public async Task A_warm_sandbox_whose_engine_went_away_runs_no_command_and_reports_itself_dead()
    {
        engine.Require();
        using var executor = TTarget.Create(engine.Settings(engineRestartWaitSeconds: 120));
        var session = await executor.CreateSingleUseSessionAsync(TestEngine<TTarget>.Request("unused"), Ct);
        await using (session)
        {
            await engine.KillAsync();
            // Any call of this executor finds the engine gone.
            Assert.False((await executor.HealthCheckAsync(Ct)).Healthy);
            await engine.RestartAsync();

            var stats = await session.GetStatsAsync(Ct);
            var lost = await Assert.ThrowsAsync<SandboxLostException>(() => session.ExecAsync(SessionCommand.For("sh", "-c", "echo ran"), Ct));

            Assert.Equal(0, stats.Pids);
            Assert.Equal(ErrorKind.EngineUnavailable, lost.Kind);
            Assert.Equal(session.Id, lost.SandboxId);
            Assert.Contains("did not run", lost.Message);
        }

        Assert.Empty(await engine.ContainersAsync());
        Assert.Empty(await engine.VolumesAsync());
    }

    [Fact]
    public async Task A_warm_sandbox_whose_engine_restarted_unobserved_is_reported_lost_instead_of_lending_its_exit_code_to_the_command()
    {
        engine.Require();
        using var executor = TTarget.Create(engine.Settings(engineRestartWaitSeconds: 120));
        var session = await executor.CreateSingleUseSessionAsync(TestEngine<TTarget>.Request("unused"), Ct);
        await using (session)
        {
            // Nothing of this executor calls the engine while it is away: only the sandbox's own connection saw it go.
            await engine.KillAndRestartAsync(Ct);

            var lost = await Assert.ThrowsAsync<SandboxLostException>(() => session.ExecAsync(SessionCommand.For("sh", "-c", "echo ran"), Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct));

            Assert.Equal(session.Id, lost.SandboxId);
            Assert.Contains("did not run", lost.Message);
        }

        Assert.Empty(await engine.ContainersAsync());
        Assert.Empty(await engine.VolumesAsync());
    }

    [Fact]
    public async Task A_pooled_run_whose_warm_sandbox_died_with_an_unobserved_engine_restart_runs_in_another_and_says_so()
    {
        engine.Require();
        using var executor = TTarget.Create(engine.Settings(engineRestartWaitSeconds: 120));
        // A health-check window longer than the test: only the lost sandbox itself can tell the pool it is dead.
        var policy = new PoolPolicy { MinIdle = 1, MaxSize = 2, HealthCheckAfter = TimeSpan.FromMinutes(10) };
        var pooled = new PooledExecutor(executor, new PoolOptions { Enabled = true, Default = policy });
        await using (pooled)
        {
            var request = TestEngine<TTarget>.Request("sh", "-c", "echo ran");
            await pooled.WarmAsync(request, Ct);
            await engine.KillAndRestartAsync(Ct);

            var result = await pooled.ExecuteAsync(request, Ct).WaitAsync(TimeSpan.FromMinutes(2), Ct);

            Assert.Null(result.Error);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("ran\n", result.Stdout);
            Assert.Contains(result.Warnings, w => w.Contains("lost before the run's command reached it", StringComparison.Ordinal));
        }

        Assert.Empty(await engine.ContainersAsync());
        Assert.Empty(await engine.VolumesAsync());
    }

    private static Action<OutputLine> Ready(TaskCompletionSource ready) => line =>
    {
        if (line.Text == "ready") ready.TrySetResult();
    };

    private async Task RemoveAllAsync()
    {
        using var client = engine.RawClient();
        foreach (var container in await engine.ContainersAsync())
        {
            await client.Containers.RemoveContainerAsync(container.ID, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true, RemoveVolumes = true }, Ct);
        }

        Assert.Empty(await engine.ContainersAsync());
    }
}
