using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Sandbox.Server.Tests;

/// <summary>HTTPS with <c>--tls-cert/--tls-key</c>: a certificate made in the test, trusted by exactly one client.</summary>
public sealed partial class TlsTests
{
    [Fact]
    public async Task An_https_listener_serves_runs_to_a_client_that_trusts_its_certificate_and_no_one_else()
    {
        var folder = Directory.CreateTempSubdirectory("sandbox-server-tls-");
        try
        {
            using var certificate = SelfSigned();
            var (server, https) = await StartAsync(folder, certificate);
            await using var _ = server;
            await server.RequireExecutorAsync("host");

            using var trusting = Client(https, certificate);
            var run = await trusting.PostAsync("/v1/runs", Api.Run("echo", "over tls").With("executor", "host"));
            using var untrusting = new HttpClient { BaseAddress = https };
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/healthz", TestContext.Current.CancellationToken));
            using var plain = new HttpClient { BaseAddress = new UriBuilder(https) { Scheme = "http" }.Uri };
            var cleartext = await Record.ExceptionAsync(async () => (await plain.GetAsync("/healthz", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode());

            Assert.True(run.Status == HttpStatusCode.OK, run.Text);
            Assert.Equal("over tls\n", run.Json.GetProperty("stdout").GetString());
            Assert.IsType<AuthenticationException>(refused.InnerException);
            Assert.NotNull(cleartext);
            // Loopback: no warning about clear text.
            Assert.DoesNotContain("WARNING", server.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_to_new_connections_without_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("sandbox-server-tls-");
        try
        {
            using var first = SelfSigned();
            var (server, https) = await StartAsync(folder, first);
            await using var _ = server;
            using (var before = Client(https, first)) Assert.Equal(HttpStatusCode.OK, (await before.GetJsonAsync("/v1/templates")).Status);

            using var renewed = SelfSigned();
            await WritePemAsync(folder, renewed);

            // Each attempt is a new connection, so a new handshake.
            await Api.WaitUntilAsync(async () =>
            {
                using var client = Client(https, renewed);
                return await Record.ExceptionAsync(() => client.GetAsync("/healthz", TestContext.Current.CancellationToken)) is null;
            });
            using var stale = Client(https, first);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => stale.GetAsync("/healthz", TestContext.Current.CancellationToken));
            Assert.IsType<AuthenticationException>(refused.InnerException);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // A server in folder serving https on a free loopback port with certificate, and that https address.
    private static async Task<(ServerProcess Server, Uri Https)> StartAsync(DirectoryInfo folder, X509Certificate2 certificate)
    {
        await WritePemAsync(folder, certificate);
        var server = await ServerProcess.StartAsync(folder: folder.FullName,
            extraArguments: ["--listen", "https://127.0.0.1:0", "--tls-cert", "cert.pem", "--tls-key", "key.pem"]);
        return (server, new Uri(HttpsPattern().Match(server.Stderr).Value + "/"));
    }

    // cert.pem and key.pem in the server's folder; the key is written to a temporary file and moved in place, as
    // certificate renewal tools do, so the server never reads half a key.
    private static async Task WritePemAsync(DirectoryInfo folder, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        var staged = Path.Combine(folder.FullName, "key.pem.new");
        await File.WriteAllTextAsync(staged, key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "cert.pem"), certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
        File.Move(staged, Path.Combine(folder.FullName, "key.pem"), overwrite: true);
    }

    // A server certificate for 127.0.0.1, valid for an hour.
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sandbox-test-server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    // Trusts exactly this certificate as the root of the server's chain: not the machine's store, not any other.
    private static HttpClient Client(Uri address, X509Certificate2 certificate)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerProcess.TokenA);
        return client;
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:\d+")]
    private static partial Regex HttpsPattern();
}
