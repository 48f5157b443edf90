using System.Net.Sockets;
using System.Text;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>
/// A stand-in engine on a private unix socket: answers each HTTP request with what <c>respond</c> returns for its
/// method and path (one request per connection). For failures a real engine cannot be made to produce on demand.
/// </summary>
internal sealed class FakeEngineSocket : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sandbox-fake-engine-");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, string, (int Status, string Body)> _respond;
    private readonly Task _loop;

    public FakeEngineSocket(Func<string, string, (int Status, string Body)> respond)
    {
        _respond = respond;
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
        _loop = Task.Run(AcceptAsync);
    }

    public string SocketPath => Path.Combine(_directory.FullName, "engine.sock");

    /// <summary>The paths requested, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Each request that carried a body (by Content-Length): its path with the query string, and the body.</summary>
    public List<(string Target, byte[] Body)> Bodies { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    // Docker.DotNet ends header lines with a bare \n (and the head with \n\r\n): accept any blank line.
    private static bool EndsHead(StringBuilder head) =>
        head.ToString().EndsWith("\n\r\n", StringComparison.Ordinal) || head.ToString().EndsWith("\n\n", StringComparison.Ordinal);

    private async Task ServeAsync(Socket connection)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection);
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!EndsHead(head) && await stream.ReadAsync(buffer, _stop.Token) == 1) head.Append((char)buffer[0]);

        var lines = head.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 2) return;
        var path = requestLine[1].Split('?')[0];
        lock (Requests) Requests.Add(path);
        var length = lines.Select(l => l.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        if (length > 0)
        {
            var sent = new byte[length];
            await stream.ReadExactlyAsync(sent, _stop.Token);
            lock (Bodies) Bodies.Add((requestLine[1], sent));
        }

        var (status, body) = _respond(requestLine[0], path);
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
        await stream.WriteAsync(bytes, _stop.Token);
    }
}
