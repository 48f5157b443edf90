using System.Net.Sockets;
using System.Text;
using Sandbox.Toolkit.Net;

namespace Sandbox.Core.Tests.Toolkit;

/// <summary>HTTP over a Unix domain socket, as the engine client and the CLI's server client use it.</summary>
public sealed class UnixSocketHttpTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sandbox-unix-http-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_go_to_the_socket_whatever_host_the_address_names()
    {
        var path = Path.Join(_folder.FullName, "api.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var served = ServeOneAsync(listener, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        using var client = new HttpClient(UnixSocketHttp.CreateHandler(path)) { BaseAddress = new Uri("http://localhost/") };

        var answer = await client.GetStringAsync("v1/ping", Ct);

        Assert.Equal("hello", answer);
        Assert.StartsWith("GET /v1/ping HTTP/1.1", await served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_a_connection_error()
    {
        using var client = new HttpClient(UnixSocketHttp.CreateHandler(Path.Join(_folder.FullName, "absent.sock"))) { BaseAddress = new Uri("http://localhost/") };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v1/ping", Ct));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static async Task<string> ServeOneAsync(Socket listener, string response)
    {
        using var connection = await listener.AcceptAsync(Ct);
        var buffer = new byte[4096];
        var received = await connection.ReceiveAsync(buffer, SocketFlags.None, Ct);
        await connection.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, Ct);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }
}
