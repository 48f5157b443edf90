using Sandbox.Core.Configuration;
using Sandbox.Server.Security;

namespace Sandbox.Server.Tests;

/// <summary>A token file names one tenant per token; a mistake in it is refused with its line.</summary>
public sealed class TokenSetTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sandbox-tokens-{Guid.NewGuid():N}");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Named_and_bare_tokens_authenticate_their_tenants_and_comments_are_skipped()
    {
        File.WriteAllText(_file, "# tenants\nalice:token-a\n\ntoken-bare\n");

        var tokens = TokenSet.Load(_file);

        Assert.Equal("alice", tokens.Authenticate("token-a"));
        Assert.Equal(TokenSet.DefaultTenant, tokens.Authenticate("token-bare"));
        Assert.Null(tokens.Authenticate("token-b"));
    }

    [Theory]
    [InlineData("alice:token-a\nbob:token-a\n", "line 2", "the same token as line 1 (tenant 'alice'); give each tenant its own token")]
    [InlineData("alice:\n", "line 1", "expected TOKEN or NAME:TOKEN")]
    [InlineData("# only a comment\n", "(file)", "the token file holds no token")]
    public void A_file_with_a_mistake_is_refused_naming_the_line(string content, string where, string problem)
    {
        File.WriteAllText(_file, content);

        var error = Assert.Throws<SandboxConfigurationException>(() => TokenSet.Load(_file));

        Assert.Equal(where, error.Key);
        Assert.Equal(problem, error.Problem);
    }
}
