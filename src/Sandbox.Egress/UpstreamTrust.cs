using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sandbox.Egress;

/// <summary>
/// How the proxy validates the real server when it terminates TLS for a secret host: the system's roots, plus (for
/// tests) the roots in the PEM file named by <see cref="ExtraRootsVariable"/>. A secret is only ever sent to a server
/// that passes this check for the host it belongs to.
/// </summary>
public sealed class UpstreamTrust
{
    /// <summary>The environment variable naming extra trusted roots (PEM; test-only).</summary>
    public const string ExtraRootsVariable = "SANDBOX_EGRESS_CA_FILE";

    private readonly X509Certificate2Collection _extra;

    /// <summary>Creates the trust with <paramref name="extraRoots"/> besides the system's.</summary>
    public UpstreamTrust(X509Certificate2Collection? extraRoots = null) => _extra = extraRoots ?? [];

    /// <summary>The system's roots plus those of <see cref="ExtraRootsVariable"/>, if set.</summary>
    public static UpstreamTrust FromEnvironment()
    {
        var roots = new X509Certificate2Collection();
        if (Environment.GetEnvironmentVariable(ExtraRootsVariable) is { Length: > 0 } path && File.Exists(path)) roots.ImportFromPemFile(path);
        return new UpstreamTrust(roots);
    }

    /// <summary>Validates a server's certificate for the name the client authenticated.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (_extra.Count == 0 || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extra);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null) custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
