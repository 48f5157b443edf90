using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Sandbox.Server.Tests;

/// <summary>Authentication and errors: RFC 9457 problems with the framework's error kind and the right status.</summary>
public sealed class ProblemTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    // Within the small tenant's ceilings.
    private static JsonObject Limits => new() { ["timeout"] = "10s", ["memory"] = "128m" };

    [Fact]
    public async Task A_call_on_tcp_without_a_token_or_with_a_wrong_one_is_a_401_problem()
    {
        using var anonymous = Server.Tcp(token: null);
        using var wrong = Server.Tcp(token: "token-alice-0123456788");

        Api.AssertProblem(await anonymous.PostAsync("/v1/runs", Api.Run("true")), HttpStatusCode.Unauthorized, "unauthorized");
        Api.AssertProblem(await wrong.GetJsonAsync("/v1/templates"), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetJsonAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Malformed_and_invalid_bodies_are_400_problems_that_name_the_member()
    {
        using var client = Server.Tcp();

        Api.AssertProblem(await client.PostAsync("/v1/runs", "{ not json"), HttpStatusCode.BadRequest, "invalidRequest");
        var unknown = await client.PostAsync("/v1/runs", """{"command": ["true"], "comand": ["x"]}""");
        Api.AssertProblem(unknown, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.Contains("comand", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Api.AssertProblem(await client.PostAsync("/v1/runs", new JsonObject()), HttpStatusCode.BadRequest, "invalidRequest");
        var size = await client.PostAsync("/v1/runs", Api.Run("true").With("limits", new JsonObject { ["memory"] = "2gb!" }));
        Api.AssertProblem(size, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.Contains("limits.memory", size.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var setuid = await client.PostAsync("/v1/runs", Api.Run("true").With("files", new JsonArray(new JsonObject { ["path"] = "a", ["content"] = "x", ["mode"] = 2541 })));
        Api.AssertProblem(setuid, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.Contains("files[0].mode", setuid.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Api.AssertProblem(await client.PostAsync("/v1/exec", new JsonObject { ["template"] = "no-such-template", ["code"] = "" }), HttpStatusCode.BadRequest, "template");
        Api.AssertProblem(await client.PostAsync("/v1/runs", Api.Run("true").With("executor", "no-such-executor")), HttpStatusCode.NotFound, "notFound");
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_is_a_400_problem_that_says_what_was_expected_in_json_terms()
    {
        using var client = Server.Tcp();

        var reply = await client.PostAsync("/v1/runs", """{"command": 5}""");
        var element = await client.PostAsync("/v1/runs", """{"command": ["true"], "files": [{"path": "a", "mode": "rw"}]}""");

        Api.AssertProblem(reply, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.Equal("Invalid request: command: expected an array (each a string)", reply.Json.GetProperty("detail").GetString());
        Api.AssertProblem(element, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.EndsWith("Invalid request: files[0].mode: expected a whole number", element.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", reply.Text + element.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"command": ["true"], "limits": {"memroy": "1g"}}""", "Invalid request: limits.memroy: unknown member; expected one of memory, ")]
    [InlineData("""{"command": ["true"], "network": {"allow": ["a"], "bogus": 1}}""", "Invalid request: network.bogus: unknown member; expected one of allow, secrets")]
    [InlineData("""{"command": ["true"], "network": {"allow": ["a", 1]}}""", "Invalid request: network.allow[1]: expected a string")]
    [InlineData("""{"command": ["true"], "network": 5}""", "Invalid request: network: expected one of none, bridge, host or an object with allow")]
    [InlineData("""{"command": ["true"], "network": "1"}""", "Invalid request: network: '1' is not one of none, bridge, host")]
    [InlineData("""{"command": ["true"] """, "Invalid request: body: not valid JSON: ")]
    public async Task Every_bad_member_is_named_by_its_path_in_the_same_words(string body, string expected)
    {
        using var client = Server.Tcp();

        var reply = await client.PostAsync("/v1/runs", body);

        Api.AssertProblem(reply, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.StartsWith(expected, reply.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_a_method_the_path_does_not_take_or_a_body_that_is_not_json_is_a_problem()
    {
        using var client = Server.Tcp();
        var cancel = TestContext.Current.CancellationToken;

        var unknown = await client.GetJsonAsync("/v1/no-such-thing");
        var method = await Api.ReadAsync(await client.DeleteAsync("/v1/runs", cancel));
        using var xml = new StringContent("<run/>", System.Text.Encoding.UTF8, "application/xml");
        var mediaType = await Api.ReadAsync(await client.PostAsync("/v1/runs", xml, cancel));

        Api.AssertProblem(unknown, HttpStatusCode.NotFound, "notFound");
        Assert.Contains("GET /v1/no-such-thing", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Api.AssertProblem(method, HttpStatusCode.MethodNotAllowed, "invalidRequest");
        Assert.Contains("it takes POST", method.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Api.AssertProblem(mediaType, HttpStatusCode.UnsupportedMediaType, "invalidRequest");
        Assert.Contains("application/json", mediaType.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_allow_entry_or_a_secret_in_a_body_is_a_400_problem_naming_network()
    {
        using var client = Server.Tcp();

        var entry = await client.PostAsync("/v1/runs", Api.Run("true").With("network", new JsonObject { ["allow"] = new JsonArray("https://pypi.org") }));
        var secret = await client.PostAsync("/v1/runs", Api.Run("true").With("network", new JsonObject
        {
            ["allow"] = new JsonArray("pypi.org"), ["secrets"] = new JsonArray("pypi.org:Authorization=HOME"),
        }));

        Api.AssertProblem(entry, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.Contains("network.allow", entry.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Api.AssertProblem(secret, HttpStatusCode.BadRequest, "invalidRequest");
        Assert.Contains("network.secrets", secret.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_tenant_limit_is_a_413_problem()
    {
        using var client = Server.Tcp(ServerProcess.TokenSmall);

        var reply = await client.PostAsync("/v1/runs", Api.Run("true").With("stdin", new string('x', 100_000)));

        Api.AssertProblem(reply, HttpStatusCode.RequestEntityTooLarge, "invalidRequest");
    }

    [Fact]
    public async Task A_run_rejected_by_validation_is_a_422_problem_that_carries_the_findings()
    {
        using var client = Server.Tcp();

        var reply = await client.PostAsync("/v1/exec", new JsonObject
        {
            ["template"] = "python-handler", ["code"] = "import subprocess\ndef handler(input):\n    return subprocess.run(['id'])\n",
        });

        Api.AssertProblem(reply, HttpStatusCode.UnprocessableEntity, "validationRejected");
        var findings = reply.Json.GetProperty("result").GetProperty("execution").GetProperty("validation").GetProperty("findings");
        Assert.Contains(findings.EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "PY0001");
    }

    [Fact]
    public async Task Asking_for_more_than_the_tenant_ceiling_is_a_422_problem()
    {
        using var client = Server.Tcp(ServerProcess.TokenSmall);

        var reply = await client.PostAsync("/v1/runs", Api.Run("true").With("limits", new JsonObject { ["timeout"] = "5m" }));

        Api.AssertProblem(reply, HttpStatusCode.UnprocessableEntity, "validationRejected");
        Assert.Contains("maxTimeout", reply.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_and_sessions_over_the_tenant_quota_are_429_problems_with_retry_after()
    {
        await Server.RequireExecutorAsync("host");
        using var client = Server.Tcp(ServerProcess.TokenSmall);
        // The tenant may run one sandbox and queue none: while one runs, the next is refused at once.
        var running = client.PostAsync("/v1/runs", Api.Run("sh", "-c", "sleep 4").With("executor", "host").With("limits", Limits));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        var refused = await client.PostAsync("/v1/runs", Api.Run("true").With("executor", "host").With("limits", Limits));
        var session = await client.PostAsync("/v1/sessions", new JsonObject { ["executor"] = "docker", ["limits"] = Limits });

        Api.AssertProblem(refused, HttpStatusCode.TooManyRequests, "capacityExhausted");
        Assert.NotNull(refused.Response.Headers.RetryAfter);
        Api.AssertProblem(session, HttpStatusCode.TooManyRequests, "capacityExhausted");
        Assert.Equal(HttpStatusCode.OK, (await running).Status);
    }

    [Fact]
    public async Task A_validator_that_did_not_load_refuses_every_run_with_a_500_problem_and_the_server_is_not_ready()
    {
        await using var server = await ServerProcess.StartAsync("""{ "validators": { "policy": { "allowNetwork": "internet" } } }""");
        using var client = server.Tcp();

        var reply = await client.PostAsync("/v1/runs", Api.Run("true").With("executor", "docker"));
        using var unix = server.Unix();
        var ready = await unix.GetJsonAsync("/readyz");

        Api.AssertProblem(reply, HttpStatusCode.InternalServerError, "pluginLoad");
        Assert.Contains("Validator 'policy' could not be loaded: its settings do not fit: validators.policy.allowNetwork: 'internet' is not one of none, bridge, host",
            reply.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.StartsWith("Validator 'policy' could not be loaded", ready.Json.GetProperty("refused").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_is_a_503_problem()
    {
        await using var server = await ServerProcess.StartAsync("""{ "executors": { "docker": { "endpoint": "unix:///nonexistent/docker.sock" } } }""");
        using var client = server.Tcp();

        var reply = await client.PostAsync("/v1/runs", Api.Run("true").With("executor", "docker"));

        Api.AssertProblem(reply, HttpStatusCode.ServiceUnavailable, "engineUnavailable");
        Assert.NotNull(reply.Response.Headers.RetryAfter);
        using var unix = server.Unix();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await unix.GetJsonAsync("/readyz")).Status);
    }
}
