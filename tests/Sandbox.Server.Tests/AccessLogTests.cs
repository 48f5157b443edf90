using System.Text.Json.Nodes;

namespace Sandbox.Server.Tests;

/// <summary>The server's log says who called what, with the status and time, and never what a body held.</summary>
public sealed class AccessLogTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    [Fact]
    public async Task Every_api_call_is_logged_with_its_tenant_status_and_time_and_nothing_of_its_body()
    {
        using var alice = Server.Tcp();
        using var anonymous = Server.Tcp(token: null);
        var secret = $"s3cret-{Guid.NewGuid():N}";

        await alice.PostAsync("/v1/runs", Api.Run("echo", secret).With("limits", new JsonObject { ["memory"] = "lots" }));
        await anonymous.GetJsonAsync("/v1/templates");
        await alice.GetJsonAsync("/healthz");

        await Api.WaitUntilAsync(() => Task.FromResult(
            Server.Stderr.Contains("alice POST /v1/runs 400 in ", StringComparison.Ordinal)
            && Server.Stderr.Contains("- GET /v1/templates 401 in ", StringComparison.Ordinal)));
        Assert.DoesNotContain(secret, Server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("GET /healthz", Server.Stderr, StringComparison.Ordinal);
    }
}
