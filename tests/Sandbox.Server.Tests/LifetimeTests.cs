using System.Net;

namespace Sandbox.Server.Tests;

/// <summary>What a server leaves behind: nothing, whether clients vanish, it is stopped with SIGTERM or killed.</summary>
public sealed class LifetimeTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    // As many clients as the issue asks for: more than the runtime's live-sandbox bound, so some wait in its queue.
    private const int Clients = 64;

    [Fact]
    public async Task Concurrent_clients_that_disconnect_at_random_leave_no_sandbox_behind()
    {
        await using var server = await ServerProcess.StartAsync();
        await server.RequireExecutorAsync("docker");
        var random = new Random(13);

        var clients = Enumerable.Range(0, Clients).Select(async i =>
        {
            using var client = server.Tcp();
            // Half of them give up while their run is queued, starting or running; the others wait for the result.
            using var cancellation = i % 2 == 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(300, 4000))) : new CancellationTokenSource();
            try
            {
                using var content = RunTests.JsonContent(Api.Run("sh", "-c", "sleep 1; echo done"));
                using var response = await client.PostAsync("/v1/runs", content, cancellation.Token);
                return response.StatusCode;
            }
            catch (OperationCanceledException)
            {
                return (HttpStatusCode)499;
            }
        }).ToArray();
        var statuses = await Task.WhenAll(clients);

        Assert.All(statuses.Where((_, i) => i % 2 == 1), s => Assert.Equal(HttpStatusCode.OK, s));
        var left = await Leftovers.WaitUntilNoneAsync(server.Pid, Settle);
        Assert.True(left == 0, $"left behind: {string.Join("; ", await Leftovers.ListAsync(server.Pid))}\n{server.Stderr}");
    }

    [Fact]
    public async Task SIGTERM_lets_runs_finish_within_the_grace_period_then_cancels_the_rest_and_leaves_nothing()
    {
        await using var server = await ServerProcess.StartAsync();
        await server.RequireExecutorAsync("docker");
        using var client = server.Tcp();
        var shortRun = client.PostAsync("/v1/runs", Api.Run("sh", "-c", "sleep 2; echo finished"));
        var longRun = client.PostAsync("/v1/runs", Api.Run("sh", "-c", "sleep 120"));
        await Leftovers.WaitUntilAnyAsync(server.Pid, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        server.Signal(ServerProcess.SigTerm);

        // Grace is 4 s: the short run finishes, the long one is cancelled, and the process exits after removing it.
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(50)), server.Stderr);
        Assert.Equal(0, server.ExitCode);
        var finished = await shortRun;
        Assert.True(finished.Status == HttpStatusCode.OK, finished.Text);
        Assert.Equal("finished\n", finished.Json.GetProperty("stdout").GetString());
        var cancelled = await longRun;
        Api.AssertProblem(cancelled, HttpStatusCode.ServiceUnavailable, "cancelled");
        Assert.Equal(0, await Leftovers.CountAsync(server.Pid));
    }

    [Fact]
    public async Task After_kill_9_the_next_start_sweeps_the_orphans()
    {
        var folder = Directory.CreateTempSubdirectory("sandbox-server-").FullName;
        try
        {
            int killedPid;
            await using (var first = await ServerProcess.StartAsync(folder: folder))
            {
                await first.RequireExecutorAsync("docker");
                using var client = first.Tcp();
                _ = client.PostAsync("/v1/runs", Api.Run("sh", "-c", "sleep 120"));
                await Leftovers.WaitUntilAnyAsync(first.Pid, TimeSpan.FromSeconds(60));
                killedPid = first.Pid;
                first.Signal(ServerProcess.SigKill);
                Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            }

            Assert.True(await Leftovers.CountAsync(killedPid) > 0, "the killed server's sandbox should still exist before the restart");
            await using var second = await ServerProcess.StartAsync(folder: folder);

            Assert.Equal(0, await Leftovers.WaitUntilNoneAsync(killedPid, Settle));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Serving_on_a_port_in_use_is_a_configuration_error_naming_the_address_and_the_warm_pool_is_removed()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var (tokens, config) = (Path.GetTempFileName(), Path.GetTempFileName());
        try
        {
            await File.WriteAllTextAsync(tokens, $"alice:{ServerProcess.TokenA}\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(config, """{ "executors": { "docker": {} }, "pool": { "minIdle": 2, "maxSize": 2 } }""", TestContext.Current.CancellationToken);

            // The runtime starts warming its pool before the listeners bind.
            var serve = await CliThroughServerTests.CliAsync(new(), ["serve", "--config", config, "--listen", address, "--token-file", tokens]);

            Assert.Equal(125, serve.ExitCode);
            Assert.Contains($"--listen: Failed to bind to address {address}: address already in use", serve.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
            Assert.Empty(await Leftovers.ListAsync(serve.Pid));
        }
        finally
        {
            File.Delete(tokens);
            File.Delete(config);
        }
    }

    [Fact]
    public async Task With_idle_exit_a_server_nobody_calls_stops_by_itself_after_its_last_call_and_leaves_nothing()
    {
        await using var server = await ServerProcess.StartAsync(ServerProcess.DefaultConfig, null, "--idle-exit", "3s");
        await server.RequireExecutorAsync("docker");
        using var client = server.Tcp();
        var run = await client.PostAsync("/v1/runs", Api.Run("sh", "-c", "sleep 2; echo done"));
        Assert.True(run.Status == HttpStatusCode.OK, run.Text);

        // A call in flight (the two-second run) does not count as idle: the server is still there right after it.
        Assert.False(await server.WaitForExitAsync(TimeSpan.FromSeconds(1)));
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)), server.Stderr);
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("No call for 3s: stopping", server.Stderr);
        Assert.Equal(0, await Leftovers.CountAsync(server.Pid));
        Assert.False(File.Exists(server.SocketPath));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    public async Task A_bad_idle_exit_is_refused_at_start_with_the_option_named(string value)
    {
        var run = await CliThroughServerTests.CliAsync(new(), ["serve", "--listen", $"unix:{Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())}.sock", "--idle-exit", value]);

        Assert.Equal(125, run.ExitCode);
        Assert.Contains("--idle-exit", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
