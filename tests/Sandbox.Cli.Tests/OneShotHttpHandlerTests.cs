using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Sandbox.Cli.Remote;
using Sandbox.Toolkit.Net;

namespace Sandbox.Cli.Tests;

/// <summary>
/// The CLI's HTTP/1.1 client of a sandbox server, against a peer on a real Unix socket that records what it received
/// and answers with exact bytes (framing a real server may use: chunked, a stated length, up to the close).
/// </summary>
public sealed class OneShotHttpHandlerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sandbox-oneshot-http-");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _path;

    public OneShotHttpHandlerTests()
    {
        _path = Path.Join(_folder.FullName, "server.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_body_goes_out_with_its_length_the_client_headers_and_a_closing_connection()
    {
        var peer = AnswerOnceAsync("HTTP/1.1 204 No Content\r\n\r\n");
        using var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var body = new ByteArrayContent("{\"a\":1}"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

        using var response = await client.PostAsync("v1/runs?x=1", body, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var request = await peer;
        Assert.StartsWith("POST /v1/runs?x=1 HTTP/1.1\r\nHost: localhost\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Bearer s3cret\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/json\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 7\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{\"a\":1}", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_answer_is_decoded_and_its_headers_land_where_HttpClient_users_look()
    {
        _ = AnswerOnceAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nSandbox-Stopping: true\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
        using var client = Client();

        using var response = await client.GetAsync("v1/plugins", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Service Unavailable", response.ReasonPhrase);
        Assert.True(response.Headers.Contains("Sandbox-Stopping"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello, world", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello and what a peer sends after its stated length")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\nhello")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")]
    public async Task A_body_of_a_stated_length_or_up_to_the_close_is_read_whole(string answer)
    {
        _ = AnswerOnceAsync(answer);
        using var client = Client();

        Assert.Equal("hello", await client.GetStringAsync("v1/templates", Ct));
    }

    [Fact]
    public async Task Events_arrive_as_the_server_writes_them_not_when_it_closes()
    {
        var peer = AnswerAndStayAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                      + "15\r\nevent: stdout\ndata: \n\r\n");
        using var client = Client();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/runs"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var connection = await peer;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        Assert.Equal("event: stdout", await reader.ReadLineAsync(Ct));
        await connection.SendAsync("6\r\nresult\r\n0\r\n\r\n"u8.ToArray(), SocketFlags.None, Ct);
        Assert.Equal("data: ", await reader.ReadLineAsync(Ct));
        Assert.Equal("result", await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_a_connection_error_so_the_next_host_is_tried()
    {
        using var client = new HttpClient(Handler(Path.Join(_folder.FullName, "absent.sock"))) { BaseAddress = new Uri("http://localhost/") };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v1/plugins", Ct));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    [Fact]
    public async Task A_server_that_closes_without_answering_leaves_the_outcome_unknown()
    {
        var peer = Task.Run(async () =>
        {
            using var connection = await _listener.AcceptAsync(Ct);
            await connection.ReceiveAsync(new byte[4096], SocketFlags.None, Ct);
        }, Ct);
        using var client = Client();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("v1/runs", new StringContent("{}"), Ct));

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        await peer;
    }

    [Fact]
    public async Task A_server_that_refuses_a_body_midway_and_closes_is_heard_not_reported_as_gone()
    {
        const string refusal = """{"kind":"invalidRequest","detail":"The request body is larger than this tenant's limit."}""";
        var peer = Task.Run(async () =>
        {
            // Reads the head only, answers at once and closes with most of the body unread, as a server over its limit does.
            using var connection = await _listener.AcceptAsync(Ct);
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await connection.ReceiveAsync(buffer, SocketFlags.None, Ct) == 1)
                head.Append((char)buffer[0]);
            await connection.SendAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/problem+json\r\nContent-Length: {refusal.Length}\r\nConnection: close\r\n\r\n{refusal}"), SocketFlags.None, Ct);
        }, Ct);
        using var client = Client();
        using var body = new ByteArrayContent(new byte[16 << 20]);

        using var response = await client.PostAsync("v1/runs", body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(refusal, await response.Content.ReadAsStringAsync(Ct));
        await peer;
    }

    [Fact]
    public async Task A_body_cut_off_midway_is_an_error_not_a_short_document()
    {
        _ = AnswerOnceAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly half");
        using var client = Client();
        using var response = await client.GetAsync("v1/plugins", HttpCompletionOption.ResponseHeadersRead, Ct);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpRequestError.ResponseEnded, Assert.IsType<HttpIOException>(error.InnerException).HttpRequestError);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public async Task An_answer_that_is_not_HTTP_is_an_invalid_response(string answer)
    {
        _ = AnswerOnceAsync(answer);
        using var client = Client();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v1/plugins", Ct));

        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
    }

    [Fact]
    public async Task A_header_value_with_a_line_break_is_refused_before_anything_is_sent()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/plugins");
        Assert.True(request.Headers.TryAddWithoutValidation("X-Note", "a\r\nX-Injected: yes"));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request, Ct));
    }

    [Fact]
    public async Task Cancelling_while_the_server_works_closes_the_connection_so_the_server_sees_the_client_go()
    {
        var accepted = _listener.AcceptAsync(Ct).AsTask();
        using var client = Client();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = client.PostAsync("v1/runs", new StringContent("{}"), cancellation.Token);
        using var connection = await accepted;
        await connection.ReceiveAsync(new byte[4096], SocketFlags.None, Ct);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(0, await connection.ReceiveAsync(new byte[16], SocketFlags.None, Ct));
    }

    [Fact]
    public async Task Disposing_the_response_closes_the_connection()
    {
        var peer = AnswerAndStayAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        using var client = Client();
        var response = await client.GetAsync("v1/plugins", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var connection = await peer;

        response.Dispose();

        Assert.Equal(0, await connection.ReceiveAsync(new byte[16], SocketFlags.None, Ct));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _folder.Delete(recursive: true);
    }

    private static OneShotHttpHandler Handler(string path) =>
        new(cancellationToken => UnixSockets.ConnectAsync(path, cancellationToken), TimeSpan.FromSeconds(3));

    private HttpClient Client() => new(Handler(_path)) { BaseAddress = new Uri("http://localhost/") };

    // Takes one request (its head and as much body as came with it) and answers with exactly these bytes, then closes.
    private Task<string> AnswerOnceAsync(string answer) => Task.Run(async () =>
    {
        using var connection = await _listener.AcceptAsync(Ct);
        var request = await ReceiveRequestAsync(connection);
        await connection.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, Ct);
        connection.Shutdown(SocketShutdown.Both);
        return request;
    }, Ct);

    // Accepts the next connection, takes its request and answers with these bytes, leaving the connection open.
    private Task<Socket> AnswerAndStayAsync(string answer) => Task.Run(async () =>
    {
        var connection = await _listener.AcceptAsync(Ct);
        await ReceiveRequestAsync(connection);
        await connection.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, Ct);
        return connection;
    }, Ct);

    private static async Task<string> ReceiveRequestAsync(Socket connection)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var count = await connection.ReceiveAsync(buffer, SocketFlags.None, Ct);
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (count == 0 || (end >= 0 && text.Length - end - 4 >= LengthOf(text))) return text;
        }
    }

    private static int LengthOf(string head) =>
        head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal)) is { } line ? int.Parse(line["Content-Length: ".Length..]) : 0;
}
