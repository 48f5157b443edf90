using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Core.Tests.Requests;

/// <summary>A request's registry credentials reach the engine's pull and nothing else: no JSON, no log line.</summary>
public sealed class RegistryCredentialTests
{
    private static readonly ExecutionRequest WithAuth = ExecutionRequest.For("true") with { RegistryAuth = new RegistryCredential("ci", "s3cret-token") };

    [Fact]
    public void A_request_with_registry_credentials_prints_and_serializes_without_the_password()
    {
        var printed = WithAuth.ToString();
        var json = JsonSerializer.Serialize(WithAuth);

        Assert.Contains("ci:***", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", json, StringComparison.Ordinal);
        Assert.DoesNotContain("registryAuth", json, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", "token")]
    [InlineData("ci", "")]
    public void Registry_credentials_without_a_user_or_a_password_are_an_invalid_request(string user, string password)
    {
        var error = Assert.Throws<InvalidRequestException>(() => RequestGuard.Validate(WithAuth with { RegistryAuth = new RegistryCredential(user, password) }));

        Assert.Equal("registryAuth", error.Field);
    }
}
