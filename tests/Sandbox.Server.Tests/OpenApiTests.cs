using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>The OpenAPI document the server serves is the one committed in docs/openapi/v1.json.</summary>
public sealed class OpenApiTests(SharedServer shared)
{
    [Fact]
    public async Task The_served_openapi_document_is_the_committed_one()
    {
        using var client = shared.Server.Tcp(token: null);
        var served = (await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = RepositoryLayout.PathOf("docs", "openapi", "v1.json");

        // SANDBOX_UPDATE_OPENAPI=1 rewrites the committed copy after a deliberate API change (then review and commit it).
        if (Environment.GetEnvironmentVariable("SANDBOX_UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(path, served, TestContext.Current.CancellationToken);
        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n") : "";

        Assert.True(committed == served, $"docs/openapi/v1.json differs from what the server serves: rerun this test with SANDBOX_UPDATE_OPENAPI=1 and commit the file");
    }
}
