using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Sessions and warm (single-use) sandboxes across an engine restart, on a private engine: a command interrupted by
/// the restart is a result that names the sandbox and says what may remain, and a warm sandbox whose connection died
/// with the engine is never given a command (issue 12).
/// </summary>
public abstract class ContainerSessionRestartTests<TTarget>(PrivateEngine<TTarget> engine) : IClassFixture<PrivateEngine<TTarget>> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
            var command = SessionCommand.For("sh", "-c", "echo ready; sleep 30") with
            {
                OnOutput = line => { if (line.Text == "ready") ready.TrySetResult(); },
            };
            var exec = session.ExecAsync(command, Ct);
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
            await engine.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            await engine.RestartAsync();
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
            Assert.Contains("stopped by the restart", result.Error.Message);
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
            var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "echo ran"), Ct);

            Assert.Equal(0, stats.Pids);
            Assert.Equal(ErrorKind.EngineUnavailable, result.Error?.Kind);
            Assert.Null(result.ExitCode);
            Assert.DoesNotContain("ran", result.Stdout);
            Assert.Contains("did not run", result.Error!.Message);
        }

        Assert.Empty(await engine.ContainersAsync());
        Assert.Empty(await engine.VolumesAsync());
    }
}
