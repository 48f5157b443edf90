using System.Globalization;
using System.Net;
using System.Text;

namespace Sandbox.Cli.Remote;

/// <summary>
/// Reads an HTTP/1.1 response from a connection that closes after it (<see cref="OneShotHttpHandler"/>): first its head,
/// then its body as this stream — chunked, of a stated length, or up to the end of the connection — which owns the
/// connection and closes it when disposed.
/// </summary>
internal sealed class HttpResponseReader(Stream connection) : Stream
{
    // A head this long is not a sandbox server's.
    private const int MaxLineLength = 16 * 1024;
    private const int MaxHeaders = 128;

    private enum Framing { Empty, Chunked, Length, UntilClosed, Done }

    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private Framing _framing;
    private long _remaining;

    /// <summary>Reads the head and returns the response whose content is the rest of the connection, decoded.</summary>
    public async Task<HttpResponseMessage> ReadResponseAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage { RequestMessage = request, Version = HttpVersion.Version11 };
        try
        {
            var content = new StreamContent(this);
            string statusLine;
            do
            {
                // 1xx answers are interim (a server may send one before the real answer): skipped.
                statusLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Ended("before its answer");
                response.StatusCode = StatusOf(statusLine);
                await ReadHeadersAsync(response, content, cancellationToken).ConfigureAwait(false);
            }
            while ((int)response.StatusCode is >= 100 and < 200);

            response.ReasonPhrase = statusLine.Split(' ', 3) is { Length: 3 } parts ? parts[2] : null;
            var code = (int)response.StatusCode;
            _framing = request.Method == HttpMethod.Head || code is 204 or 304 ? Framing.Empty
                : response.Headers.TransferEncodingChunked == true ? Framing.Chunked
                : content.Headers.ContentLength is { } length ? Framing.Length
                : Framing.UntilClosed;
            _remaining = _framing == Framing.Length ? content.Headers.ContentLength!.Value : 0;
            response.Content = content;
            return response;
        }
        catch (IOException ex)
        {
            // Whether the server took the request is unknown: a request error, as SocketsHttpHandler reports it.
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, ex is HttpIOException ? ex.Message : $"The server closed the connection before its answer ({ex.Message}).", ex);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsEmpty) return 0;
        switch (_framing)
        {
            case Framing.Length:
                if (_remaining == 0) return 0;
                var read = await ReadSomeAsync(destination[..(int)Math.Min(destination.Length, _remaining)], cancellationToken).ConfigureAwait(false);
                if (read == 0) throw Ended($"with {_remaining} bytes of its body still to come");
                _remaining -= read;
                return read;
            case Framing.Chunked:
                if (_remaining == 0 && !await NextChunkAsync(cancellationToken).ConfigureAwait(false)) return 0;
                var chunk = await ReadSomeAsync(destination[..(int)Math.Min(destination.Length, _remaining)], cancellationToken).ConfigureAwait(false);
                if (chunk == 0) throw Ended("in the middle of a chunk");
                _remaining -= chunk;
                return chunk;
            case Framing.UntilClosed:
                return await ReadSomeAsync(destination, cancellationToken).ConfigureAwait(false);
            default:
                return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The CLI reads asynchronously; this serves a synchronous caller all the same.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) connection.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static HttpStatusCode StatusOf(string statusLine)
    {
        // "HTTP/1.1 200 OK": the reason phrase may be empty or absent.
        if (!statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal) || statusLine.Length < 12 || statusLine[8] != ' '
            || !int.TryParse(statusLine.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100)
            throw new HttpRequestException(HttpRequestError.InvalidResponse, $"The server's answer is not HTTP/1.1 ('{Printable(statusLine)}').");
        return (HttpStatusCode)code;
    }

    private async Task ReadHeadersAsync(HttpResponseMessage response, HttpContent content, CancellationToken cancellationToken)
    {
        for (var count = 0; ; count++)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Ended("in the middle of its headers");
            if (line.Length == 0) return;
            var colon = line.IndexOf(':');
            if (colon <= 0 || count == MaxHeaders) throw new HttpRequestException(HttpRequestError.InvalidResponse, $"The server's answer has a malformed header ('{Printable(line)}').");
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            // Content headers (type, length) are refused by the response's own collection.
            if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        }
    }

    // A chunk's size line (hexadecimal, maybe with extensions) after the previous chunk's closing CRLF; false at the last.
    private async Task<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        if (_framing == Framing.Done) return false;
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Ended("between chunks");
        if (line.Length == 0) line = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Ended("between chunks");
        var size = line.AsSpan();
        if (size.IndexOf(';') is var extensions and >= 0) size = size[..extensions];
        if (!long.TryParse(size.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length) || length < 0)
            throw new HttpIOException(HttpRequestError.InvalidResponse, $"The server's answer has a malformed chunk size ('{Printable(line)}').");
        if (length > 0)
        {
            _remaining = length;
            return true;
        }

        // The last chunk: trailers (none expected) up to an empty line.
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 })
        {
        }

        _framing = Framing.Done;
        return false;
    }

    // A line up to CRLF (or LF), as Latin-1; null at the end of the connection before any byte of it.
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                return line.Length == 0 ? null : throw Ended("in the middle of a line");
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline >= 0 ? available[..newline] : available;
            line.Append(Encoding.Latin1.GetString(take));
            _start += take.Length + (newline >= 0 ? 1 : 0);
            if (line.Length > MaxLineLength) throw new HttpIOException(HttpRequestError.InvalidResponse, "The server's answer has a line longer than 16 KiB in its framing.");
            if (newline < 0) continue;
            if (line.Length > 0 && line[^1] == '\r') line.Length--;
            return line.ToString();
        }
    }

    private async ValueTask<int> ReadSomeAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start == _end) return await connection.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await connection.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    private static HttpIOException Ended(string where) =>
        new(HttpRequestError.ResponseEnded, $"The server closed the connection {where}.");

    private static string Printable(string text) => text.Length > 80 ? text[..80] + "..." : text;
}
