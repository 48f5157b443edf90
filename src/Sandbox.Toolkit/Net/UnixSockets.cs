using System.Net.Sockets;

namespace Sandbox.Toolkit.Net;

/// <summary>Unix domain sockets (a container engine's, a sandbox server's): whether one answers, and HTTP over one.</summary>
public static class UnixSockets
{
    // Linux's SOL_SOCKET and SO_PEERCRED, and its struct ucred: pid, uid and gid, each 32 bits.
    private const int SocketLevel = 1;
    private const int PeerCredentials = 17;
    private const int CredentialsLength = 12;

    /// <summary>Whether something listens on the socket at <paramref name="path"/> (a file left by a killed process does not).</summary>
    public static bool Answers(string path) => Answers(path, out _);

    /// <summary>
    /// Whether something listens on the socket at <paramref name="path"/>, and the user id of the process that does
    /// (<paramref name="peerUserId"/>; <c>null</c> where the platform does not say, see <see cref="PeerUserId"/>).
    /// </summary>
    public static bool Answers(string path, out int? peerUserId)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        peerUserId = null;
        if (!File.Exists(path)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            return false;
        }

        peerUserId = PeerUserId(socket);
        return true;
    }

    /// <summary>
    /// The user id of the process at the other end of a connected Unix socket, as the kernel recorded it when that
    /// process listened (SO_PEERCRED): not what the socket's file says, which its owner may have changed. <c>null</c>
    /// off Linux.
    /// </summary>
    public static int? PeerUserId(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> credentials = stackalloc byte[CredentialsLength];
        return socket.GetRawSocketOption(SocketLevel, PeerCredentials, credentials) == CredentialsLength
            ? BitConverter.ToInt32(credentials[sizeof(int)..(2 * sizeof(int))])
            : null;
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
