using System.Net.Sockets;

namespace Sandbox.Toolkit.Net;

/// <summary>HTTP over a Unix domain socket (a container engine's, a sandbox server's) for <see cref="HttpClient"/>.</summary>
public static class UnixSocketHttp
{
    /// <summary>
    /// A handler whose every connection goes to the socket at <paramref name="path"/>; the request's host name is only a
    /// header. A connection that fails leaves no socket behind.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SocketsHttpHandler { ConnectCallback = (_, cancellationToken) => ConnectAsync(path, cancellationToken) };
    }

    private static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
