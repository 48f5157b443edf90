using System.Diagnostics;
using System.Text.Json.Nodes;
using Sandbox.TestUtilities;

namespace Sandbox.ScaleOut.Tests;

/// <summary>
/// The sandbox server across a real 3-node Swarm: load spreads from one node to all, a killed node costs only its own
/// runs (typed errors, no hang) and its sessions (sessionLost), drains and rolling updates cost nothing, and down.sh
/// leaves nothing behind.
/// </summary>
public sealed class ScaleOutTests(SwarmCluster swarm)
{
    private const string Service = "sandbox_server";

    [Fact]
    [Step(1)]
    public async Task Sixty_runs_sent_to_one_node_with_two_slots_land_on_all_three_nodes_and_every_result_is_correct()
    {
        await swarm.EnsureUpAsync();
        using var client = new SwarmClient(swarm);

        var replies = await LoadAsync(client, 60, 16, i => (SwarmClient.Shell($"echo {i}"), 0), failover: false);

        Report("60 runs to n1", replies);
        Assert.All(replies.Select((r, i) => (r, i)), p => Assert.True(p.r.Status == 200 && p.r.Stdout == $"{p.i}\n", p.r.ToString()));
        Assert.Equal(["n1", "n2", "n3"], replies.Select(r => r.Node!).Distinct().Order());
    }

    [Fact]
    [Step(2)]
    public async Task The_scaling_examples_in_the_readme_run_as_written()
    {
        await swarm.EnsureUpAsync();
        var examples = await ReadmeScripts.BashBlockAfterAsync("<!-- scaling examples", TestContext.Current.CancellationToken);
        // The suite's own configuration (two slots), so up.sh finds the running stack current and returns in seconds.
        var script = $"set -euo pipefail\nexport SANDBOX_SWARM_CONFIG='{swarm.ConfigPath}'\n{examples}";

        var (exitCode, output, errors) = await ReadmeScripts.RunBashAsync(script, RepositoryLayout.Root, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0 && output == "42\n", $"exit {exitCode}\n{output}\n{errors}");
    }

    [Fact]
    [Step(3)]
    public async Task Draining_a_node_during_load_fails_no_run_and_leaves_nothing_on_it()
    {
        await swarm.EnsureUpAsync();
        using var client = new SwarmClient(swarm);
        try
        {
            var replies = await LoadWhileAsync(client, async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                await Shell.ManagerAsync("node", "update", "--availability", "drain", "n2");
                await WaitAsync(async () => (await Shell.ManagerAsync("service", "ps", "-q", "--filter", "node=n2", "--filter", "desired-state=running", Service)).Length == 0
                                            && (await NodeSandboxesAsync(2)).Length == 0, TimeSpan.FromSeconds(90), "n2 still runs the server or sandboxes");
                await Task.Delay(TimeSpan.FromSeconds(3));
            });

            Report("runs during the drain of n2", replies);
            Assert.All(replies, r => Assert.True(r.Status == 200, r.ToString()));
            Assert.Empty(await NodeSandboxesAsync(2));
        }
        finally
        {
            await Shell.ManagerAsync("node", "update", "--availability", "active", "n2");
            await WaitAsync(async () => (await client.PostAsync("/v1/runs", SwarmClient.Shell("true"), first: 1, failover: false)).Node == "n2", TimeSpan.FromSeconds(90), "n2 never served again");
        }
    }

    [Fact]
    [Step(4)]
    public async Task A_rolling_update_of_the_image_tag_during_load_fails_no_run()
    {
        await swarm.EnsureUpAsync();
        using var client = new SwarmClient(swarm);
        var image = await Shell.ManagerAsync("service", "inspect", "-f", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", Service);
        var next = image.Split('@')[0] + "-next";
        for (var n = 1; n <= SwarmCluster.Nodes; n++) await Shell.DockerAsync("exec", SwarmCluster.NodeContainer(n), "docker", "tag", image.Split('@')[0], next);

        var replies = await LoadWhileAsync(client, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Shell.ManagerAsync("service", "update", "-d", "--no-resolve-image", "--image", next, Service);
            var (state, tasks) = ("", "");
            await WaitAsync(async () =>
            {
                state = await Shell.ManagerAsync("service", "inspect", "-f", "{{if .UpdateStatus}}{{.UpdateStatus.State}}: {{.UpdateStatus.Message}}{{end}}", Service);
                tasks = await Shell.ManagerAsync("service", "ps", "--no-trunc", "--format", "{{.Node}} {{.Image}} {{.CurrentState}} {{.Error}}", Service);
                return state.StartsWith("completed", StringComparison.Ordinal);
            }, TimeSpan.FromMinutes(6), () => $"the rolling update did not complete ({state}; tasks: {tasks.ReplaceLineEndings("; ")})");
        });

        Report("runs during the rolling update", replies);
        Assert.All(replies, r => Assert.True(r.Status == 200, r.ToString()));
        var images = await Shell.ManagerAsync("service", "ps", "--filter", "desired-state=running", "--format", "{{.Image}}", Service);
        Assert.All(images.Split('\n'), i => Assert.Equal(next, i));
    }

    [Fact]
    [Step(5)]
    public async Task Killing_a_node_mid_load_fails_only_its_runs_with_typed_errors_and_its_sessions_report_sessionLost()
    {
        await swarm.EnsureUpAsync();
        using var client = new SwarmClient(swarm);
        var session = await client.PostAsync("/v1/sessions", new JsonObject { ["ttl"] = "10m" }, first: 2, failover: false);
        Assert.True(session.Status == 201 && session.Text.Contains("@n3", StringComparison.Ordinal), session.ToString());
        var id = System.Text.Json.JsonDocument.Parse(session.Text).RootElement.GetProperty("id").GetString()!;

        swarm.Disturbed();
        var replies = await LoadWhileAsync(client, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            await Shell.DockerAsync("kill", SwarmCluster.NodeContainer(3));
            await Task.Delay(TimeSpan.FromSeconds(4));
        }, sleep: 3, first: _ => 0, failover: false);

        Report("runs while n3 was killed", replies);
        // Runs the dead node held fail typed (503 engineUnavailable naming it), never a hang or a cut connection.
        Assert.All(replies, r => Assert.True(r.Status == 200 || (r.Status == 503 && r.Kind == "engineUnavailable" && r.Text.Contains("n3", StringComparison.Ordinal)), r.ToString()));
        Assert.All(replies, r => Assert.True(r.Took < TimeSpan.FromSeconds(45), r.ToString()));
        var later = await LoadAsync(client, 8, 4, i => (SwarmClient.Shell($"echo later{i}"), 0), failover: false);
        Assert.All(later.Select((r, i) => (r, i)), p => Assert.True(p.r.Status == 200 && p.r.Stdout == $"later{p.i}\n" && p.r.Node != "n3", p.r.ToString()));

        var lost = await client.PostAsync($"/v1/sessions/{id}/exec", SwarmClient.Shell("true"), first: 0, failover: false);
        Assert.True(lost.Status == 410 && lost.Kind == "sessionLost", lost.ToString());
        Assert.True(lost.Took < TimeSpan.FromSeconds(15), lost.ToString());
    }

    [Fact]
    [Step(6)]
    public async Task The_readme_teardown_removes_every_container_volume_network_and_cgroup_and_is_safe_to_run_twice()
    {
        swarm.Disturbed();
        var teardown = await ReadmeScripts.BashBlockAfterAsync("<!-- scaling teardown", TestContext.Current.CancellationToken);

        var first = await ReadmeScripts.RunBashAsync($"set -euo pipefail\n{teardown}", RepositoryLayout.Root, TestContext.Current.CancellationToken);
        var second = await ReadmeScripts.RunBashAsync($"set -euo pipefail\n{teardown}", RepositoryLayout.Root, TestContext.Current.CancellationToken);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Empty(await Shell.DockerAsync("ps", "-aq", "--filter", "label=org.sandbox-framework.swarm=1"));
        Assert.Empty(await Shell.DockerAsync("volume", "ls", "-q", "--filter", "name=sbxswarm-"));
        Assert.Empty(await Shell.DockerAsync("network", "ls", "-q", "--filter", "name=sbxswarm-"));
        Assert.Empty(Directory.GetDirectories("/sys/fs/cgroup").SelectMany(c => Directory.Exists(c) ? Directory.GetDirectories(c, "sbxswarm-*") : []));
    }

    // COUNT runs, CONCURRENCY at a time; each run i is made by BUILD (body, first host).
    private static async Task<SwarmClient.Reply[]> LoadAsync(SwarmClient client, int count, int concurrency, Func<int, (JsonObject Body, int First)> build, bool failover)
    {
        using var gate = new SemaphoreSlim(concurrency);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var (body, first) = build(i);
                return await client.PostAsync("/v1/runs", body, first, failover);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    // Eight clients, each sending runs one after another (spread over the hosts) until ACTION is done; every run checked.
    private static async Task<List<SwarmClient.Reply>> LoadWhileAsync(SwarmClient client, Func<Task> action, int sleep = 1, Func<int, int>? first = null, bool failover = true)
    {
        var replies = new List<SwarmClient.Reply>();
        var done = action();
        var counter = 0;
        var clients = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!done.IsCompleted)
            {
                var i = Interlocked.Increment(ref counter);
                var reply = await client.PostAsync("/v1/runs", SwarmClient.Shell($"sleep {sleep}; echo r{i}"), first?.Invoke(i) ?? i % SwarmCluster_Nodes, failover);
                lock (replies) replies.Add(reply.Status == 200 && reply.Stdout != $"r{i}\n" ? reply with { Status = 999 } : reply);
            }
        });
        await Task.WhenAll([done, .. clients]);
        Assert.NotEmpty(replies);
        return replies;
    }

    private const int SwarmCluster_Nodes = SwarmCluster.Nodes;

    // What happened, for the test log: outcomes by status and node, and the slowest answer.
    private static void Report(string what, IReadOnlyCollection<SwarmClient.Reply> replies) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {replies.Count} runs; " +
            string.Join(", ", replies.GroupBy(r => $"{r.Status} {r.Node ?? r.Kind}").OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")) +
            $"; slowest {replies.Max(r => r.Took).TotalSeconds:0.0}s");

    // The sandboxes (containers other than the server's task) on node N.
    private static async Task<string> NodeSandboxesAsync(int n) =>
        await Shell.DockerAsync("exec", SwarmCluster.NodeContainer(n), "docker", "ps", "-aq", "--filter", "label=org.sandbox-framework.owner-pid");

    private static Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure) => WaitAsync(condition, timeout, () => failure);

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"{failure()} after {timeout}");
            await Task.Delay(1000);
        }
    }
}
