using System.Net.Sockets;
using System.Runtime.InteropServices;
using Sandbox.Toolkit.Net;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// A daemon's socket, used only when this user's own process listens on it: a command sends its code, stdin and
/// secrets there, so a socket another user put in its place (a shared <c>SANDBOX_CACHE</c>) gets nothing. The folder's
/// mode 0700 keeps other users out in the usual case; this check holds even where it does not.
/// </summary>
internal static partial class DaemonSocket
{
    /// <summary>Whether this user's daemon answers at <paramref name="path"/>.</summary>
    /// <exception cref="DaemonImpostorException">Another user's process answers there.</exception>
    public static bool Answers(string path)
    {
        if (!UnixSockets.Answers(path, out var peer)) return false;
        Verify(path, peer);
        return true;
    }

    /// <summary>A connection to this user's daemon at <paramref name="path"/>.</summary>
    /// <exception cref="DaemonImpostorException">Another user's process listens there: the connection is closed unused.</exception>
    public static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var stream = (NetworkStream)await UnixSockets.ConnectAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            Verify(path, UnixSockets.PeerUserId(stream.Socket));
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Verify(string path, int? peer)
    {
        if (peer is { } user && user != (int)GetEffectiveUserId()) throw new DaemonImpostorException(path, user);
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
