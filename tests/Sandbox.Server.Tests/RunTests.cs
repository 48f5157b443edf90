using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Abstractions;
using Sandbox.Core.Results;

namespace Sandbox.Server.Tests;

/// <summary><c>POST /v1/runs</c> and <c>/v1/exec</c> against a real server on real engines.</summary>
public sealed class RunTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    [InlineData("host")]
    public async Task A_run_on_each_executor_returns_the_object_that_run_json_prints(string executor)
    {
        await Server.RequireExecutorAsync(executor);
        using var client = Server.Tcp();

        var reply = await client.PostAsync("/v1/runs", Api.Run("python3", "-c", "print(6 * 7)").With("executor", executor));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Equal(0, reply.Json.GetProperty("exitCode").GetInt32());
        Assert.Equal("42\n", reply.Json.GetProperty("stdout").GetString());
        Assert.Equal(executor, reply.Json.GetProperty("executor").GetString());
        // The same members, in the same order, as the CLI's --json object, then the node that ran it.
        using var cli = JsonDocument.Parse(ResultJson.Serialize(ExecutionResult.Failed(executor, new ExecutionError(ErrorKind.Internal, "x"))));
        Assert.Equal([.. cli.RootElement.EnumerateObject().Select(p => p.Name), "node"], reply.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Environment.MachineName, reply.Json.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Output_arrives_as_server_sent_events_before_the_run_ends()
    {
        await Server.RequireExecutorAsync("host");
        using var client = Server.Tcp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/runs")
        {
            Content = JsonContent(Api.Run("sh", "-c", "echo first; sleep 2; echo second").With("executor", "host")),
        };

        var events = await client.ReadEventsAsync(request);

        Assert.Equal(["stdout", "stdout", "result"], events.Select(e => e.Name));
        Assert.Equal("first", events[0].Data);
        Assert.Equal("second", events[1].Data);
        // The first line came out while the command was still sleeping, not with the result.
        Assert.True(events[2].At - events[0].At >= TimeSpan.FromSeconds(1.5), $"first event at {events[0].At}, result at {events[2].At}");
        using var result = JsonDocument.Parse(events[2].Data);
        Assert.Equal("first\nsecond\n", result.RootElement.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task With_the_trace_header_the_stream_carries_the_runs_span_tree_and_only_its_own()
    {
        await Server.RequireExecutorAsync("host");
        using var client = Server.Tcp();
        HttpRequestMessage Traced(string text) => new(HttpMethod.Post, "/v1/runs")
        {
            Content = JsonContent(Api.Run("sh", "-c", $"sleep 0.5; echo {text}").With("executor", "host")),
            Headers = { { "Sandbox-Trace", "true" } },
        };

        using var first = Traced("one");
        using var second = Traced("two");
        var streams = await Task.WhenAll(client.ReadEventsAsync(first), client.ReadEventsAsync(second));

        foreach (var events in streams)
        {
            Assert.Equal(["stdout", "trace", "result"], events.Select(e => e.Name));
            var tree = events[1].Data.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // One run's tree although two ran at once: one root, its validation, its phases.
            Assert.Single(tree, l => l.StartsWith("sandbox.run ", StringComparison.Ordinal));
            Assert.Contains("sandbox.executor=host", tree[0], StringComparison.Ordinal);
            Assert.Single(tree, l => l.StartsWith("  sandbox.validate ", StringComparison.Ordinal));
            Assert.Single(tree, l => l.StartsWith("  run ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_streamed_run_sends_its_response_headers_at_once_not_with_its_first_output()
    {
        await Server.RequireExecutorAsync("host");
        using var client = Server.Tcp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/runs") { Content = JsonContent(Api.Run("sh", "-c", "sleep 2; echo done").With("executor", "host")) };
        request.Headers.Accept.ParseAdd("text/event-stream");
        var clock = Stopwatch.StartNew();

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var headersAt = clock.Elapsed;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: result", body, StringComparison.Ordinal);
        // The command slept 2 s before its only output: headers that waited for it would arrive with it.
        Assert.True(clock.Elapsed - headersAt >= TimeSpan.FromSeconds(1.5), $"headers at {headersAt}, body complete at {clock.Elapsed}");
    }

    [Theory]
    [InlineData("docker", "python-handler", "def handler(input):\n    return {'sum': input['a'] + input['b']}\n", """{"sum":3}""")]
    [InlineData("host", "python-handler", "def handler(input):\n    return {'sum': input['a'] + input['b']}\n", """{"sum":3}""")]
    [InlineData("host", "python-script", "result = input['a'] * input['b']\n", "2")]
    [InlineData("host", "node-handler", "module.exports = async (input) => ({ sum: input.a + input.b });\n", """{"sum":3}""")]
    [InlineData("host", "bash-script", "grep -q '\"a\"' \"$1\"\n", "null")]
    public async Task Exec_runs_code_through_each_template(string executor, string template, string code, string expected)
    {
        await Server.RequireExecutorAsync(executor);
        using var client = Server.Tcp();

        var reply = await client.PostAsync("/v1/exec", new JsonObject
        {
            ["template"] = template, ["code"] = code, ["input"] = new JsonObject { ["a"] = 1, ["b"] = 2 }, ["executor"] = executor,
        });

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.True(reply.Json.GetProperty("ok").GetBoolean(), reply.Text);
        Assert.Equal(expected, reply.Json.GetProperty("result").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal(executor, reply.Json.GetProperty("execution").GetProperty("executor").GetString());
    }

    [Fact]
    public async Task Files_go_in_and_collected_files_come_back_inline_as_base64_in_a_response_and_in_a_stream()
    {
        await Server.RequireExecutorAsync("docker");
        using var client = Server.Tcp();
        var body = Api.Run("sh", "-c", "mkdir -p out && tr a-z A-Z < in.txt > out/up.txt")
            .With("files", new JsonArray(new JsonObject { ["path"] = "in.txt", ["content"] = "hello" }))
            .With("outputPaths", new JsonArray("out/up.txt"));

        var reply = await client.PostAsync("/v1/runs", body);
        using var streamed = new HttpRequestMessage(HttpMethod.Post, "/v1/runs") { Content = JsonContent(body) };
        var events = await client.ReadEventsAsync(streamed);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        using var streamedResult = JsonDocument.Parse(events.Single(e => e.Name == "result").Data);
        foreach (var result in (JsonElement[])[reply.Json, streamedResult.RootElement])
        {
            var file = Assert.Single(result.GetProperty("outputFiles").EnumerateArray());
            Assert.Equal("HELLO", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(file.GetProperty("contentBase64").GetString()!)));
        }
    }

    [Fact]
    public async Task The_unix_socket_serves_without_a_token_and_only_its_owner_and_group_may_connect()
    {
        using var client = Server.Unix();

        var plugins = await client.GetJsonAsync("/v1/plugins");

        Assert.Equal(HttpStatusCode.OK, plugins.Status);
        Assert.Contains(plugins.Json.EnumerateArray(), p => p.GetProperty("name").GetString() == "docker");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(Server.SocketPath));
    }

    [Fact]
    public async Task A_client_written_in_python_with_only_the_standard_library_runs_a_command()
    {
        await Server.RequireExecutorAsync("docker");
        var script = Path.Combine(Server.Folder, "client.py");
        await File.WriteAllTextAsync(script, """
            import json, sys, urllib.request
            base, token = sys.argv[1], sys.argv[2]
            body = json.dumps({"command": ["python3", "-c", "print('hi from', 6 * 7)"], "limits": {"memory": "128m", "timeout": "20s"}}).encode()
            request = urllib.request.Request(base + "v1/runs", data=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            with urllib.request.urlopen(request) as response:
                result = json.load(response)
            print(result["exitCode"], result["stdout"].strip(), result["executor"])
            """, TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[script, Server.TcpAddress.ToString(), ServerProcess.TokenA]) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, stderr);
        Assert.Equal("0 hi from 42 docker", stdout.Trim());
    }

    internal static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
