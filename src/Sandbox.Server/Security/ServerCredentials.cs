using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sandbox.Core.Configuration;

namespace Sandbox.Server.Security;

/// <summary>What callers and the server prove themselves with: the tokens, and the certificate of https:// listeners.</summary>
internal sealed class ServerCredentials
{
    private ServerCredentials(Reloadable<TokenSet> tokens, Reloadable<X509Certificate2>? certificate) => (Tokens, Certificate) = (tokens, certificate);

    /// <summary>The tokens of the token file (none without one: then only the Unix socket is served).</summary>
    public Reloadable<TokenSet> Tokens { get; }

    /// <summary>The certificate and key of https:// listeners, or <c>null</c> when there are none.</summary>
    public Reloadable<X509Certificate2>? Certificate { get; }

    /// <summary>Reads the files <paramref name="options"/> names.</summary>
    /// <exception cref="SandboxConfigurationException">
    /// The token file is missing, unreadable or holds no token; the certificate or its key cannot be read or used.
    /// </exception>
    public static ServerCredentials Load(ServerOptions options)
    {
        var tokens = options.TokenFile is { } file
            ? new Reloadable<TokenSet>("the token file", [file], () => TokenSet.Load(file))
            : new Reloadable<TokenSet>("the token file", [], () => TokenSet.None);
        var certificate = options is { TlsCertificate: { } cert, TlsKey: { } key }
            ? new Reloadable<X509Certificate2>("the TLS certificate", [cert, key], () => LoadCertificate(cert, key))
            : null;
        return new ServerCredentials(tokens, certificate);
    }

    private static X509Certificate2 LoadCertificate(string certificate, string key)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SandboxConfigurationException(certificate, "(file)", $"the TLS certificate and its key ({key}) cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>Loads every file again that changed.</summary>
    public void Reload(Microsoft.Extensions.Logging.ILogger logger)
    {
        Tokens.Reload(logger);
        Certificate?.Reload(logger);
    }
}
