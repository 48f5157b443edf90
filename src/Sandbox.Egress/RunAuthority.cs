using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sandbox.Egress;

/// <summary>
/// A certificate authority that exists for one run only: trusted inside that run's sandbox, it signs certificates for the
/// hosts whose requests get secret headers (the proxy terminates TLS for those hosts only). Its key never leaves this
/// process and is gone when the run ends, so the trust it grants ends with it.
/// </summary>
public sealed class RunAuthority : IDisposable
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<string, X509Certificate2> _issued = new(StringComparer.Ordinal);

    private RunAuthority(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        _certificate = certificate;
        CertificatePem = certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The CA certificate (PEM) for the sandbox's trust store.</summary>
    public string CertificatePem { get; }

    /// <summary>Creates a CA valid for a day (a run never lasts that long; the window tolerates clock skew).</summary>
    public static RunAuthority Create()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Sandbox egress run CA {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new RunAuthority(key, request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1)));
    }

    /// <summary>A server certificate (with its key) for <paramref name="host"/>, issued once per run.</summary>
    public X509Certificate2 For(string host) => _issued.GetOrAdd(host, Issue);

    private X509Certificate2 Issue(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_certificate, now.AddHours(-1), now.AddHours(23), RandomNumberGenerator.GetBytes(12));
        // A PKCS#12 round trip gives SslStream a certificate whose private key it can use on every platform.
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var certificate in _issued.Values) certificate.Dispose();
        _certificate.Dispose();
        _key.Dispose();
    }
}
