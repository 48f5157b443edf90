using System.Net.Sockets;
using System.Text;
using Sandbox.Toolkit.Net;

namespace Sandbox.Core.Tests.Toolkit;

/// <summary>Unix domain sockets as the engine client, the CLI and the server use them.</summary>
public sealed class UnixSocketsTests : IDisposable
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
        using var client = new HttpClient(UnixSockets.CreateHttpHandler(path)) { BaseAddress = new Uri("http://localhost/") };

        var answer = await client.GetStringAsync("v1/ping", Ct);

        Assert.Equal("hello", answer);
        Assert.StartsWith("GET /v1/ping HTTP/1.1", await served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_a_connection_error()
    {
        using var client = new HttpClient(UnixSockets.CreateHttpHandler(Path.Join(_folder.FullName, "absent.sock"))) { BaseAddress = new Uri("http://localhost/") };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v1/ping", Ct));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    [Fact]
    public void A_socket_answers_while_something_listens_and_a_file_left_behind_does_not()
    {
        var path = Path.Join(_folder.FullName, "server.sock");
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();

            Assert.True(UnixSockets.Answers(path));
        }

        // What a killed server leaves: a file at the path, nobody listening.
        var stale = Path.Join(_folder.FullName, "stale.sock");
        File.WriteAllText(stale, "");
        Assert.False(UnixSockets.Answers(stale));
        Assert.False(UnixSockets.Answers(Path.Join(_folder.FullName, "absent.sock")));
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
