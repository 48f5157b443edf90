using System.Security.Cryptography;
using System.Text;
using Sandbox.Core.Configuration;

namespace Sandbox.Server.Security;

/// <summary>
/// The tokens of a token file: one per line, optionally <c>name:token</c> where the name is the tenant (a bare token's
/// tenant is <see cref="DefaultTenant"/>). Blank lines and <c>#</c> comments are skipped. One token belongs to one
/// tenant: a token listed for two would make the second unreachable, so the file is refused.
/// </summary>
internal sealed class TokenSet
{
    /// <summary>The tenant of a token without a name.</summary>
    public const string DefaultTenant = "default";

    private readonly (string Tenant, byte[] Hash)[] _tokens;

    private TokenSet((string Tenant, byte[] Hash)[] tokens) => _tokens = tokens;

    /// <summary>No tokens: only the Unix socket can be served.</summary>
    public static TokenSet None { get; } = new([]);

    /// <summary>Whether any token is configured.</summary>
    public bool Any => _tokens.Length > 0;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="SandboxConfigurationException">It is missing, unreadable or holds no token.</exception>
    public static TokenSet Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SandboxConfigurationException(path, "(file)", $"the token file cannot be read: {ex.Message}", ex);
        }

        var tokens = new List<(string Tenant, byte[] Hash, int Line)>();
        foreach (var (line, number) in lines.Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var separator = line.IndexOf(':');
            var (tenant, token) = separator < 0 ? (DefaultTenant, line) : (line[..separator].Trim(), line[(separator + 1)..].Trim());
            if (tenant.Length == 0 || token.Length == 0) throw new SandboxConfigurationException(path, $"line {number}", "expected TOKEN or NAME:TOKEN");
            var hash = Hash(token);
            if (tokens.FirstOrDefault(t => t.Hash.AsSpan().SequenceEqual(hash)) is { Hash: not null } earlier)
                throw new SandboxConfigurationException(path, $"line {number}", $"the same token as line {earlier.Line} (tenant '{earlier.Tenant}'); give each tenant its own token");
            tokens.Add((tenant, hash, number));
        }

        return tokens.Count > 0 ? new TokenSet([.. tokens.Select(t => (t.Tenant, t.Hash))]) : throw new SandboxConfigurationException(path, "(file)", "the token file holds no token");
    }

    /// <summary>The tenant whose token <paramref name="token"/> is, or <c>null</c>. Takes the same time whichever token matches.</summary>
    public string? Authenticate(string token)
    {
        // Hashing first gives equal lengths for the fixed-time comparison, and every token is compared (no early exit).
        var hash = Hash(token);
        string? tenant = null;
        foreach (var (name, expected) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected)) tenant ??= name;
        }

        return tenant;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
