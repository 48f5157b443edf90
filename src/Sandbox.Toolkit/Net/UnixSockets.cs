using System.Net.Sockets;

namespace Sandbox.Toolkit.Net;

/// <summary>Unix domain sockets (a container engine's, a sandbox server's): whether one answers, and HTTP over one.</summary>
public static class UnixSockets
{
    /// <summary>Whether something listens on the socket at <paramref name="path"/> (a file left by a killed process does not).</summary>
    public static bool Answers(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// An HTTP handler whose every connection goes to the socket at <paramref name="path"/>; the request's host name is
    /// only a header. A connection that fails leaves no socket behind.
    /// </summary>
    public static SocketsHttpHandler CreateHttpHandler(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SocketsHttpHandler { ConnectCallback = (_, cancellationToken) => ConnectAsync(path, cancellationToken) };
    }

    /// <summary>A connection to the socket at <paramref name="path"/>; one that fails leaves no socket behind.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
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
