using System.Formats.Tar;
using System.Net;
using System.Text.Json.Nodes;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary><c>/v1/sessions</c>: a full round trip, and one tenant's sessions invisible to another.</summary>
public sealed class SessionTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    [Fact]
    public async Task A_session_round_trip_creates_execs_writes_reads_tests_and_deletes()
    {
        await Server.RequireExecutorAsync("docker");
        using var client = Server.Tcp();
        var id = await CreateAsync(client);
        try
        {
            var listed = await client.GetJsonAsync("/v1/sessions");
            Assert.Contains(listed.Json.EnumerateArray(), s => s.GetProperty("id").GetString() == id);

            var exec = await client.PostAsync($"/v1/sessions/{id}/exec", Api.Run("python3", "-c", "import calc; print(calc.add(2, 2))"));
            Assert.True(exec.Status == HttpStatusCode.OK, exec.Text);
            Assert.Equal("4\n", exec.Json.GetProperty("stdout").GetString());

            var applied = await client.PostAsync($"/v1/sessions/{id}/files", new JsonObject
            {
                ["write"] = new JsonArray(new JsonObject { ["path"] = "out/a.txt", ["content"] = "A" }, new JsonObject { ["path"] = "out/b.txt", ["contentBase64"] = "Qg==" }),
            });
            Assert.True(applied.Status == HttpStatusCode.OK, applied.Text);
            // A refused path or mode is named as the body sent it, and nothing of the call is applied.
            var climbing = await client.PostAsync($"/v1/sessions/{id}/files", """{"write": [{"path": "ok.txt", "content": "x"}], "delete": ["out/a.txt", "../../etc"]}""");
            var setuid = await client.PostAsync($"/v1/sessions/{id}/files", """{"write": [{"path": "ok.txt", "content": "x", "mode": 2541}]}""");
            Api.AssertProblem(climbing, HttpStatusCode.BadRequest, "invalidRequest");
            Assert.StartsWith("Invalid request: delete[1]: '../../etc' contains '..'", climbing.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("Invalid request: write[0].mode: 2541 is not a permission mode", setuid.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("A", await client.GetStringAsync($"/v1/sessions/{id}/files?path=out/a.txt", TestContext.Current.CancellationToken));
            using (var folder = await client.GetAsync($"/v1/sessions/{id}/files?path=out", TestContext.Current.CancellationToken))
            {
                Assert.Equal("application/x-tar", folder.Content.Headers.ContentType?.MediaType);
                await using var tar = new TarReader(await folder.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
                var names = new List<string>();
                while (await tar.GetNextEntryAsync(cancellationToken: TestContext.Current.CancellationToken) is { } entry) names.Add(entry.Name);
                Assert.Equal(["a.txt", "b.txt"], names.Select(Path.GetFileName).Order());
            }

            var test = await client.PostAsync($"/v1/sessions/{id}/test", new JsonObject());
            Assert.True(test.Status == HttpStatusCode.OK, test.Text);
            Assert.Equal(1, test.Json.GetProperty("passed").GetInt32());
            Assert.Equal("pytest", test.Json.GetProperty("framework").GetString());
            // Streamed, the tool's output arrives as it runs, then the same report.
            using var streamedTest = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{id}/test") { Content = RunTests.JsonContent(new JsonObject()) };
            var testEvents = await client.ReadEventsAsync(streamedTest);
            Assert.Contains(testEvents, e => e.Name == "stdout" && e.Data.Contains("1 passed", StringComparison.Ordinal));
            Assert.Equal("result", testEvents[^1].Name);
            using (var report = System.Text.Json.JsonDocument.Parse(testEvents[^1].Data))
                Assert.Equal(1, report.RootElement.GetProperty("passed").GetInt32());

            var stats = await client.GetJsonAsync($"/v1/sessions/{id}/stats");
            Assert.Equal(HttpStatusCode.OK, stats.Status);
        }
        finally
        {
            using var deleted = await client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Api.AssertProblem(await client.GetJsonAsync($"/v1/sessions/{id}/stats"), HttpStatusCode.NotFound, "notFound");
    }

    [Fact]
    public async Task Another_tenant_cannot_see_exec_read_or_delete_a_session()
    {
        await Server.RequireExecutorAsync("docker");
        using var alice = Server.Tcp(ServerProcess.TokenA);
        using var bob = Server.Tcp(ServerProcess.TokenB);
        var id = await CreateAsync(alice);
        try
        {
            Assert.DoesNotContain((await bob.GetJsonAsync("/v1/sessions")).Json.EnumerateArray(), s => s.GetProperty("id").GetString() == id);
            Api.AssertProblem(await bob.PostAsync($"/v1/sessions/{id}/exec", Api.Run("true")), HttpStatusCode.NotFound, "notFound");
            Api.AssertProblem(await bob.GetJsonAsync($"/v1/sessions/{id}/files?path=calc.py"), HttpStatusCode.NotFound, "notFound");
            Api.AssertProblem(await bob.GetJsonAsync($"/v1/sessions/{id}/stats"), HttpStatusCode.NotFound, "notFound");
            Api.AssertProblem(await Api.ReadAsync(await bob.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken)), HttpStatusCode.NotFound, "notFound");
            Assert.Equal(HttpStatusCode.OK, (await alice.GetJsonAsync($"/v1/sessions/{id}/stats")).Status);
        }
        finally
        {
            using var deleted = await alice.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_session_command_streams_its_output_as_server_sent_events_before_it_ends()
    {
        await Server.RequireExecutorAsync("docker");
        using var client = Server.Tcp();
        var id = await CreateAsync(client);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{id}/exec") { Content = RunTests.JsonContent(Api.Run("sh", "-c", "echo first; sleep 2; echo second")) };

            var events = await client.ReadEventsAsync(request);

            Assert.Equal(["stdout", "stdout", "result"], events.Select(e => e.Name));
            Assert.Equal("first", events[0].Data);
            Assert.True(events[2].At - events[0].At >= TimeSpan.FromSeconds(1.5), $"first event at {events[0].At}, result at {events[2].At}");
            using var result = System.Text.Json.JsonDocument.Parse(events[2].Data);
            Assert.Equal("first\nsecond\n", result.RootElement.GetProperty("stdout").GetString());
        }
        finally
        {
            using var deleted = await client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_session_with_an_allow_list_keeps_its_proxy_in_the_server_across_requests_and_loses_its_network_on_delete()
    {
        await Server.RequireExecutorAsync("docker");
        using var client = Server.Tcp();
        var created = await client.PostAsync("/v1/sessions", new JsonObject
        {
            ["image"] = TestImages.Python,
            ["ttl"] = "5m",
            ["network"] = new JsonObject { ["allow"] = new JsonArray("allowed.test") },
        });
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        var id = created.Json.GetProperty("id").GetString()!;
        var label = $"label=org.sandbox-framework.session={id}";
        try
        {
            Assert.Single(await DockerLinesAsync("network", "ls", "-q", "--filter", label));

            // A later request reaches the proxy the server started with the session: the denied name is refused there.
            var exec = await client.PostAsync($"/v1/sessions/{id}/exec", Api.Run("python3", "-c", "import urllib.request\ntry:\n urllib.request.urlopen('http://denied.test/', timeout=5)\nexcept Exception as e:\n print(e)"));

            Assert.True(exec.Status == HttpStatusCode.OK, exec.Text);
            Assert.Contains("403", exec.Json.GetProperty("stdout").GetString(), StringComparison.Ordinal);
            Assert.Contains(exec.Json.GetProperty("network").GetProperty("blocked").EnumerateArray(),
                b => b.GetProperty("host").GetString() == "denied.test" && b.GetProperty("why").GetString() == "not allowed");
        }
        finally
        {
            using var deleted = await client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Empty(await DockerLinesAsync("network", "ls", "-q", "--filter", label));
    }

    private static async Task<string[]> DockerLinesAsync(params string[] arguments) =>
        (await HostTool.RunAsync("docker", arguments, TestContext.Current.CancellationToken)).Lines;

    private static async Task<string> CreateAsync(HttpClient client)
    {
        var created = await client.PostAsync("/v1/sessions", new JsonObject
        {
            ["image"] = TestImages.PythonPytest,
            ["ttl"] = "5m",
            ["files"] = new JsonArray(
                new JsonObject { ["path"] = "calc.py", ["content"] = "def add(a, b):\n    return a + b\n" },
                new JsonObject { ["path"] = "test_calc.py", ["content"] = "from calc import add\ndef test_add():\n    assert add(1, 2) == 3\n" }),
        });
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        return created.Json.GetProperty("id").GetString()!;
    }
}
