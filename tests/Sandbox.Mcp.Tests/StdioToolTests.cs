using System.Text.Json;
using Sandbox.Mcp.Tools;
using Sandbox.TestUtilities;

namespace Sandbox.Mcp.Tests;

/// <summary>
/// The tools through one real <c>sandbox mcp</c> process on Docker, with the C# SDK's client over stdio. The tests of
/// this class share the server (they run one after another); its disposal proves nothing was left behind.
/// </summary>
public sealed class StdioToolTests(StdioToolTests.Server fixture) : IClassFixture<StdioToolTests.Server>
{
    private readonly SandboxMcpProcess _server = fixture.Process;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The shared server.</summary>
    public sealed class Server : IAsyncLifetime
    {
        internal SandboxMcpProcess Process { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Process = await SandboxMcpProcess.StartAsync(TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync() => await Process.DisposeAsync();
    }

    [Fact]
    public async Task The_server_lists_every_tool_with_a_description_an_input_schema_and_an_output_schema()
    {
        var tools = await _server.Client.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(ToolNames.All.Order(), tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.Equal("object", tool.ProtocolTool.OutputSchema!.Value.GetProperty("type").GetString());
        }

        var runCode = tools.Single(t => t.Name == ToolNames.RunCode).JsonSchema;
        Assert.Equal(["code", "language"], runCode.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["bash", "node", "python"], runCode.GetProperty("properties").GetProperty("language").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.True(runCode.GetProperty("properties").TryGetProperty("timeout_seconds", out _));
        var exec = tools.Single(t => t.Name == ToolNames.SessionExec).JsonSchema;
        Assert.Equal(["command", "session_id"], exec.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Theory]
    [InlineData("python", "print('from python')\nresult = {'sum': input['a'] + input['b']}", "from python")]
    [InlineData("node", "console.log('from node');\nmodule.exports = async (input) => ({ sum: input.a + input.b });", "from node")]
    [InlineData("bash", "echo from bash; grep -q '\"a\"' \"$1\"", "from bash")]
    public async Task Code_runs_in_each_language_and_returns_its_result_and_output(string language, string code, string printed)
    {
        var result = await _server.CallAsync(ToolNames.RunCode, new { language, code, input = new { a = 2, b = 3 } }, cancellationToken: Ct);

        var json = result.Json();
        Assert.True(json.GetProperty("ok").GetBoolean(), result.Text());
        Assert.Equal(0, json.GetProperty("exit_code").GetInt32());
        Assert.Contains(printed, json.GetProperty("stdout").GetString());
        if (language != "bash") Assert.Equal(5, json.GetProperty("result").GetProperty("sum").GetInt32());
        Assert.Contains(printed, result.Text());
    }

    [Fact]
    public async Task A_denied_import_is_a_tool_error_that_names_the_finding_and_nothing_runs()
    {
        var result = await _server.CallAsync(ToolNames.RunCode, new { language = "python", code = "import subprocess\nsubprocess.run(['id'])" }, cancellationToken: Ct);

        var error = result.Error();
        Assert.Contains("PY0001", error);
        Assert.Contains("subprocess", error);
        Assert.Empty(await _server.ContainersAsync());
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_and_reported_with_its_progress()
    {
        var progress = new ProgressLog();

        var result = await _server.CallAsync(ToolNames.RunCommand, new { command = new[] { "sh", "-c", "echo started; sleep 60" }, timeout_seconds = 3 }, progress, Ct);

        var json = result.Json();
        Assert.True(json.GetProperty("timed_out").GetBoolean(), result.Text());
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Contains("timed out", result.Text());
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(progress.Messages.Contains("started")), TimeSpan.FromSeconds(10)), string.Join("|", progress.Messages));
    }

    [Fact]
    public async Task Arguments_cannot_raise_the_servers_ceilings()
    {
        var timeout = await _server.CallAsync(ToolNames.RunCommand, new { command = new[] { "true" }, timeout_seconds = 100_000 }, cancellationToken: Ct);
        var policyTimeout = await _server.CallAsync(ToolNames.RunCommand, new { command = new[] { "true" }, timeout_seconds = 200 }, cancellationToken: Ct);
        var image = await _server.CallAsync(ToolNames.SessionCreate, new { image = "alpine:3.20" }, cancellationToken: Ct);
        var ttl = await _server.CallAsync(ToolNames.SessionCreate, new { ttl_seconds = 100_000 }, cancellationToken: Ct);
        var language = await _server.CallAsync(ToolNames.RunCode, new { language = "ruby", code = "puts 1" }, cancellationToken: Ct);

        Assert.Contains("timeout_seconds must be between 1 and 300", timeout.Error());
        Assert.Contains("POL0001", policyTimeout.Error());
        Assert.Contains("POL0003", image.Error());
        Assert.Contains("ttl_seconds must be between 1 and 7200", ttl.Error());
        Assert.Contains("language must be one of python, node, bash", language.Error());
        Assert.Empty(await _server.ContainersAsync());
    }

    [Fact]
    public async Task Arguments_of_the_wrong_kind_missing_or_unknown_are_tool_errors_that_name_them_and_nothing_runs()
    {
        var kind = await _server.CallAsync(ToolNames.RunCommand, new { command = "python3 -c pass" }, cancellationToken: Ct);
        var element = await _server.CallAsync(ToolNames.RunCommand, new { command = new object[] { "sh", 1 } }, cancellationToken: Ct);
        var misspelt = await _server.CallAsync(ToolNames.RunCommand, new { command = new[] { "true" }, timeout = 5 }, cancellationToken: Ct);
        var missing = await _server.CallAsync(ToolNames.RunCode, new { code = "print(1)" }, cancellationToken: Ct);
        var huge = await _server.CallAsync(ToolNames.RunCode, new { language = "python", code = "print(1)", timeout_seconds = 1e12 }, cancellationToken: Ct);
        var files = await _server.CallAsync(ToolNames.SessionCreate, new { files = new { a = 1 } }, cancellationToken: Ct);

        Assert.Equal("Invalid arguments for run_command: command: expected an array (each a string), got the string \"python3 -c pass\". "
            + "run_command takes command (required), image, stdin, timeout_seconds; nothing ran.", kind.Error());
        Assert.Contains("command[1]: expected a string, got the number 1", element.Error());
        Assert.Contains("timeout: not an argument of run_command", misspelt.Error());
        Assert.Contains("language: required", missing.Error());
        Assert.Contains("timeout_seconds: expected a whole number from 1 to 2147483647", huge.Error());
        Assert.Contains("files['a']: expected a string, got the number 1", files.Error());
        Assert.Empty(await _server.ContainersAsync());
    }

    [Fact]
    public async Task A_cancelled_call_removes_its_sandbox()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new ProgressLog();
        var call = _server.CallAsync(ToolNames.RunCommand, new { command = new[] { "sh", "-c", "echo started; sleep 110" }, timeout_seconds = 115 }, progress, cancel.Token);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(progress.Messages.Contains("started")), TimeSpan.FromSeconds(60)), "the command never started");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(await Eventually.TrueAsync(async () => (await _server.ContainersAsync()).Count == 0, TimeSpan.FromSeconds(60)), "the cancelled run's container is still there");
    }

    [Fact]
    public async Task A_session_runs_tests_that_fail_then_pass_after_a_fix_and_reads_files_back()
    {
        var created = await _server.CallAsync(ToolNames.SessionCreate, new
        {
            image = TestImages.PythonPytest,
            files = new Dictionary<string, string>
            {
                ["calc.py"] = "def add(a, b):\n    return a - b\n",
                ["test_calc.py"] = "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n",
            },
        }, cancellationToken: Ct);
        var id = created.Json().GetProperty("session_id").GetString()!;

        var failing = (await _server.CallAsync(ToolNames.SessionRunTests, new { session_id = id }, cancellationToken: Ct)).Json();
        var written = await _server.CallAsync(ToolNames.SessionWriteFiles, new { session_id = id, files = new Dictionary<string, string> { ["calc.py"] = "def add(a, b):\n    return a + b\n" } }, cancellationToken: Ct);
        var passing = (await _server.CallAsync(ToolNames.SessionRunTests, new { session_id = id }, cancellationToken: Ct)).Json();
        var read = (await _server.CallAsync(ToolNames.SessionReadFile, new { session_id = id, path = "calc.py" }, cancellationToken: Ct)).Json();
        await _server.CallAsync(ToolNames.SessionExec, new { session_id = id, command = new[] { "sh", "-c", "head -c 64 /dev/urandom > blob.bin; printf 'x%.0s' $(seq 1 300000) > big.txt" } }, cancellationToken: Ct);
        var binary = await _server.CallAsync(ToolNames.SessionReadFile, new { session_id = id, path = "blob.bin" }, cancellationToken: Ct);
        var big = (await _server.CallAsync(ToolNames.SessionReadFile, new { session_id = id, path = "big.txt" }, cancellationToken: Ct)).Json();
        var missing = await _server.CallAsync(ToolNames.SessionReadFile, new { session_id = id, path = "nope.txt" }, cancellationToken: Ct);
        var climbing = await _server.CallAsync(ToolNames.SessionWriteFiles, new { session_id = id, files = new Dictionary<string, string> { ["../../etc/x"] = "x" } }, cancellationToken: Ct);
        var closed = await _server.CallAsync(ToolNames.SessionClose, new { session_id = id }, cancellationToken: Ct);
        var afterClose = await _server.CallAsync(ToolNames.SessionExec, new { session_id = id, command = new[] { "true" } }, cancellationToken: Ct);

        Assert.Equal("pytest", failing.GetProperty("framework").GetString());
        Assert.Equal(1, failing.GetProperty("failed").GetInt32());
        Assert.Equal(["test_calc.py::test_add"], failing.GetProperty("failed_tests").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["/workspace/calc.py"], written.Json().GetProperty("written").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, passing.GetProperty("passed").GetInt32());
        Assert.Equal(0, passing.GetProperty("failed").GetInt32());
        Assert.True(passing.GetProperty("ok").GetBoolean());
        Assert.Equal("def add(a, b):\n    return a + b\n", read.GetProperty("content").GetString());
        Assert.Contains("binary file", binary.Error());
        Assert.True(big.GetProperty("truncated").GetBoolean());
        Assert.Equal("Could not read '/workspace/nope.txt': Output path '/workspace/nope.txt' does not exist in the sandbox; nothing collected from it.", missing.Error());
        Assert.StartsWith("Invalid request: files['../../etc/x']: '../../etc/x' contains '..'", climbing.Error());
        Assert.Equal(300_000, big.GetProperty("size_bytes").GetInt64());
        Assert.True(closed.Json().GetProperty("closed").GetBoolean());
        Assert.Contains($"Unknown session '{id}'", afterClose.Error());
        Assert.Empty(await _server.ContainersAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_tool_calls_all_complete()
    {
        var id = (await _server.CallAsync(ToolNames.SessionCreate, new { }, cancellationToken: Ct)).Json().GetProperty("session_id").GetString()!;
        try
        {
            var calls = Enumerable.Range(0, 20).Select(i => _server.CallAsync(ToolNames.SessionExec, new { session_id = id, command = new[] { "sh", "-c", $"echo call-{i}" } }, cancellationToken: Ct));

            var results = await Task.WhenAll(calls);

            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"call-{i}\n"), results.Select(r => r.Json().GetProperty("stdout").GetString()));
        }
        finally
        {
            await _server.CallAsync(ToolNames.SessionClose, new { session_id = id }, cancellationToken: Ct);
        }
    }
}
