using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sandbox.Testing;

namespace Sandbox.TestUtilities;

/// <summary>
/// A small internet owned by the tests on this machine: an interface (an empty bridge: no dummy module here) with two addresses of our own, an HTTP server
/// (ports 80 and 8080) and an HTTPS server (443, certificates from a test CA) on each, and a hosts file that gives the
/// proxy the names <c>allowed.test</c> and <c>denied.test</c>. Each server is also a package index (PEP 503 under
/// <c>/simple/</c>) holding one package, <see cref="PackageName"/>. Every request head is recorded. Removed when disposed.
/// </summary>
public sealed class FakeInternet : IAsyncDisposable
{
    public const string AllowedName = "allowed.test";
    public const string DeniedName = "denied.test";

    /// <summary>The one package of the index; its module <c>hello_sandbox</c> has <c>greet()</c>.</summary>
    public const string PackageName = "hello-sandbox";

    /// <summary>What <c>hello_sandbox.greet()</c> returns.</summary>
    public const string Greeting = "hello from the allowed index";

    private readonly string _interface;
    private readonly string _hostsFile;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpListener> _listeners = [];
    private readonly List<Task> _serving = [];

    private FakeInternet(string name, IPAddress allowed, IPAddress denied, string hostsFile)
    {
        _interface = name;
        AllowedAddress = allowed;
        DeniedAddress = denied;
        _hostsFile = hostsFile;
    }

    public IPAddress AllowedAddress { get; }

    public IPAddress DeniedAddress { get; }

    /// <summary>The test CA's certificate (PEM), for clients inside the sandbox.</summary>
    public string CaPem { get; private set; } = "";

    /// <summary>Request heads received, in order: "host-address:port GET /path" then each header line.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Creates the interface and servers (root needed: fails under CI, skips on a laptop without it).</summary>
    public static async Task<FakeInternet> StartAsync()
    {
        EngineGate.Require(Environment.UserName == "root" && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip")), "root and iproute2 for the fake internet", "run the tests as root on a machine prepared by build/setup.sh");
        // Addresses of our own per test process: 10.213.X.{1,2} on an interface named after the process.
        var x = Environment.ProcessId % 250 + 1;
        var name = $"sbxnet{Environment.ProcessId % 100000}";
        var allowed = IPAddress.Parse($"10.213.{x}.1");
        var denied = IPAddress.Parse($"10.213.{x}.2");
        await IpAsync($"link del {name}", mayFail: true);
        await IpAsync($"link add {name} type bridge");
        await IpAsync($"addr add {allowed}/32 dev {name}");
        await IpAsync($"addr add {denied}/32 dev {name}");
        await IpAsync($"link set {name} up");
        var hosts = Path.Combine(Path.GetTempPath(), $"sandbox-egress-hosts-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(hosts, $"{allowed} {AllowedName}\n{denied} {DeniedName}\n");
        var internet = new FakeInternet(name, allowed, denied, hosts);
        try
        {
            internet.Serve();
        }
        catch
        {
            await internet.DisposeAsync();
            throw;
        }

        return internet;
    }

    /// <summary>The test CA in a file (for the proxy's <c>SANDBOX_EGRESS_CA_FILE</c>).</summary>
    public string CaFile => _hostsFile + ".ca.pem";

    /// <summary>The hosts file (for the proxy's <c>SANDBOX_EGRESS_HOSTS_FILE</c>).</summary>
    public string HostsFile => _hostsFile;

    private void Serve()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Sandbox egress test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CaPem = ca.ExportCertificatePem();
        File.WriteAllText(CaFile, CaPem);
        foreach (var (address, host) in new[] { (AllowedAddress, AllowedName), (DeniedAddress, DeniedName) })
        {
            var certificate = Issue(ca, caKey, host);
            Listen(address, 80, null, host);
            Listen(address, 8080, null, host);
            Listen(address, 443, certificate, host);
        }
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        // A PFX round trip gives SslStream a certificate whose private key it can use on Linux.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
    }

    private void Listen(IPAddress address, int port, X509Certificate2? certificate, string host)
    {
        var listener = new TcpListener(address, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listeners.Add(listener);
        _serving.Add(Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync(_stopping.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(socket, certificate, host, port));
            }
        }));
    }

    private async Task AnswerAsync(Socket socket, X509Certificate2? certificate, string host, int port)
    {
        try
        {
            await using Stream network = new NetworkStream(socket, ownsSocket: true);
            Stream stream = network;
            if (certificate is not null)
            {
                var tls = new SslStream(network);
                await tls.AuthenticateAsServerAsync(certificate);
                stream = tls;
            }

            var buffer = new byte[16 * 1024];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled));
                if (read == 0) return;
                filled += read;
                if (Encoding.Latin1.GetString(buffer, 0, filled).Contains("\r\n\r\n", StringComparison.Ordinal)) break;
            }

            var head = Encoding.Latin1.GetString(buffer, 0, filled).Split("\r\n\r\n")[0];
            Requests.Enqueue($"{host}:{port} {head}");
            var path = head.Split(' ').ElementAtOrDefault(1) ?? "/";
            // A proxied plain-HTTP request names the absolute URI: answer by its path.
            if (Uri.TryCreate(path, UriKind.Absolute, out var absolute)) path = absolute.AbsolutePath;
            var (contentType, bytes) = Content(host, port, path);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // A client that gave up (e.g. a refused tunnel) is not the server's problem.
        }
    }

    private static (string ContentType, byte[] Body) Content(string host, int port, string path)
    {
        if (path == $"/files/{Wheel.FileName}") return ("application/octet-stream", Wheel.Bytes);
        if (path.StartsWith("/simple/", StringComparison.Ordinal))
        {
            var project = path["/simple/".Length..].Trim('/');
            var links = project switch
            {
                "" => $"<a href=\"/simple/{PackageName}/\">{PackageName}</a>",
                PackageName => $"<a href=\"/files/{Wheel.FileName}#sha256={Wheel.Sha256}\">{Wheel.FileName}</a>",
                _ => "",
            };
            return ("text/html", Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body>{links}</body></html>\n"));
        }

        return ("text/plain", Encoding.UTF8.GetBytes($"hello from {host}:{port}\n"));
    }

    private static async Task IpAsync(string arguments, bool mayFail = false)
    {
        var tool = File.Exists("/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip";
        var result = await HostTool.RunAsync(tool, arguments.Split(' '));
        if (result.ExitCode != 0 && !mayFail) throw new InvalidOperationException($"ip {arguments}: {result.Error.Trim()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var listener in _listeners) listener.Stop();
        await Task.WhenAll(_serving);
        await IpAsync($"link del {_interface}", mayFail: true);
        File.Delete(_hostsFile);
        File.Delete(CaFile);
        _stopping.Dispose();
    }
}
