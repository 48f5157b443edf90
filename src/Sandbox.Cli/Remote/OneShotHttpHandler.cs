using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Sandbox.Cli.Remote;

/// <summary>
/// Plain HTTP/1.1 for a CLI process's few calls to a sandbox server: one connection per request, closed with its
/// response. .NET's <see cref="SocketsHttpHandler"/> pools connections, records metrics and negotiates versions, and its
/// first request in a new process spends tens of milliseconds compiling that machinery (generic code ReadyToRun cannot
/// precompile), more than a pooled run through a server takes. A CLI process sends one or two requests and needs none
/// of it. HTTPS stays with <see cref="SocketsHttpHandler"/>. Proxy variables (<c>HTTP_PROXY</c>) are not followed: the
/// server is reached directly, and its bearer token never passes through a proxy in clear text.
/// </summary>
/// <param name="connect">Opens a connection to the server (a Unix socket, or TCP).</param>
/// <param name="connectTimeout">How long connecting may take: a vanished machine never refuses.</param>
internal sealed class OneShotHttpHandler(Func<CancellationToken, ValueTask<Stream>> connect, TimeSpan connectTimeout) : HttpMessageHandler
{
    /// <summary>A handler whose connections go to the TCP endpoint a request's address names.</summary>
    public static OneShotHttpHandler ForTcp(Uri server, TimeSpan connectTimeout) =>
        new(cancellationToken => ConnectTcpAsync(server.IdnHost, server.Port, cancellationToken), connectTimeout);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var address = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        if (address.Scheme != Uri.UriSchemeHttp) throw new NotSupportedException($"{nameof(OneShotHttpHandler)} speaks plain HTTP, not {address.Scheme}.");

        // The body goes out with its length: the content's own where it knows it (the CLI's bodies are bytes), else buffered.
        var content = request.Content;
        var length = content?.Headers.ContentLength;
        var buffered = content is not null && length is null ? await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false) : null;
        InjectTraceContext(request);
        var head = Head(request, address, buffered?.Length ?? length);

        var stream = await ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        try
        {
            Exception? unsent = null;
            try
            {
                await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
                if (buffered is not null) await stream.WriteAsync(buffered, cancellationToken).ConfigureAwait(false);
                else if (content is not null) await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException { InnerException: IOException })
            {
                // A server that refuses a body (over its size limit) answers and closes before reading all of it: that
                // answer, if it came, is the outcome.
                unsent = ex;
            }

            try
            {
                return await new HttpResponseReader(stream).ReadResponseAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (unsent is not null)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, $"The server closed the connection while the request was sent ({unsent.GetBaseException().Message}).", unsent);
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            return await connect(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"no connection within {connectTimeout.TotalSeconds:0} s ({address.Authority})",
                new TimeoutException(ex.Message, ex));
        }
        catch (SocketException ex)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{ex.Message} ({address.Authority})", ex);
        }
    }

    private static async ValueTask<Stream> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(host, port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // What SocketsHttpHandler does when spans are recorded: the server continues the client span's trace.
    private static void InjectTraceContext(HttpRequestMessage request)
    {
        if (Activity.Current is not { } span) return;
        DistributedContextPropagator.Current.Inject(span, request.Headers, static (carrier, name, value) =>
        {
            var headers = (HttpRequestHeaders)carrier!;
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, value);
        });
    }

    private static byte[] Head(HttpRequestMessage request, Uri address, long? contentLength)
    {
        var head = new StringBuilder(256)
            .Append(request.Method.Method).Append(' ').Append(address.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(address.Authority).Append("\r\n");
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                AppendHeader(head, name, values.ToString());
        }

        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) AppendHeader(head, name, values.ToString());
            }
        }

        if (contentLength is { } length) head.Append("Content-Length: ").Append(length).Append("\r\n");
        return Encoding.Latin1.GetBytes(head.Append("Connection: close\r\n\r\n").ToString());
    }

    private static void AppendHeader(StringBuilder head, string name, string value)
    {
        // A value with a line break would end the header and start another of the sender's choosing.
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new HttpRequestException($"The value of the request header '{name}' holds a line break.");
        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }
}
