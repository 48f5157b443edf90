using System.Net;
using System.Text.Json.Nodes;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>
/// A request's <c>registryAuth</c> pulls its image from an authenticated registry (the loopback test registry with
/// htpasswd) through the server's engine, and the password shows up in no reply and no log line.
/// </summary>
public sealed class RegistryAuthTests(SharedServer shared)
{
    private ServerProcess Server => shared.Server;

    [Fact]
    public async Task A_run_with_registry_auth_pulls_from_an_authenticated_registry_and_wrong_auth_is_a_typed_error_without_the_password()
    {
        await Server.RequireExecutorAsync("docker");
        EngineGate.Require(await TestRegistries.AnswersAsync(TestRegistries.Authenticated), "the test registries", $"start them with `bash {TestRegistries.StartScript}`");
        var image = $"{TestRegistries.Authenticated}/sandbox-test/server-{Guid.NewGuid():N}:1";
        Assert.Null(await TestRegistries.PushAsync("docker", TestImages.Python, image));
        try
        {
            using var client = Server.Tcp();
            const string wrong = "wrong-password-7734";

            var refused = await client.PostAsync("/v1/runs", Run(image, TestRegistries.User, wrong));
            var pulled = await client.PostAsync("/v1/runs", Run(image, TestRegistries.User, TestRegistries.Password));

            Api.AssertProblem(refused, HttpStatusCode.BadGateway, "registryUnauthorized");
            Assert.Contains("the request's registryAuth were refused", refused.Text, StringComparison.Ordinal);
            Assert.True(pulled.Status == HttpStatusCode.OK, pulled.Text);
            Assert.Equal("pulled\n", pulled.Json.GetProperty("stdout").GetString());
            foreach (var text in (string[])[refused.Text, pulled.Text, Server.Stderr])
            {
                Assert.DoesNotContain(wrong, text, StringComparison.Ordinal);
                Assert.DoesNotContain(TestRegistries.Password, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            await TestRegistries.CliAsync("docker", "rmi", image);
        }
    }

    private static JsonObject Run(string image, string user, string password) =>
        Api.Run("python3", "-c", "print('pulled')")
            .With("executor", "docker")
            .With("image", image)
            .With("registryAuth", new JsonObject { ["username"] = user, ["password"] = password });
}
