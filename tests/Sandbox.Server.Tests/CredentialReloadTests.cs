using System.Net;

namespace Sandbox.Server.Tests;

/// <summary>A replaced token file is in force without a restart; a broken one never locks callers out.</summary>
public sealed class CredentialReloadTests
{
    private const string TokenCarol = "token-carol-0123456789";
    private const int SigHup = 1;

    [Fact]
    public async Task A_rewritten_token_file_is_in_force_within_seconds_and_the_old_tokens_are_refused()
    {
        await using var server = await ServerProcess.StartAsync();
        using var alice = server.Tcp();
        using var carol = server.Tcp(TokenCarol);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetJsonAsync("/v1/templates")).Status);

        await File.WriteAllTextAsync(TokenFile(server), $"carol:{TokenCarol}\n", TestContext.Current.CancellationToken);

        await Api.WaitUntilAsync(async () => (await carol.GetJsonAsync("/v1/templates")).Status == HttpStatusCode.OK);
        Api.AssertProblem(await alice.GetJsonAsync("/v1/templates"), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Reloaded the token file", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_token_file_is_reported_and_the_last_good_tokens_stay_in_force_and_SIGHUP_reloads_without_stopping()
    {
        await using var server = await ServerProcess.StartAsync();
        using var alice = server.Tcp();

        await File.WriteAllTextAsync(TokenFile(server), "carol:\n", TestContext.Current.CancellationToken);
        server.Signal(SigHup);

        await Api.WaitUntilAsync(() => Task.FromResult(server.Stderr.Contains("the previous one stays in force", StringComparison.Ordinal)));
        Assert.Contains("expected TOKEN or NAME:TOKEN", server.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetJsonAsync("/v1/templates")).Status);
        Assert.False(await server.WaitForExitAsync(TimeSpan.FromSeconds(1)), "SIGHUP stopped the server");
    }

    private static string TokenFile(ServerProcess server) => Path.Combine(server.Folder, "tokens");
}
