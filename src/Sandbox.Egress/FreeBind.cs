using System.Net.Sockets;

namespace Sandbox.Egress;

/// <summary>
/// Lets a socket bind to an address no interface holds yet (Linux <c>IP_FREEBIND</c>). Podman's networks get their
/// bridge, and so the gateway address the proxy listens on, only when the first container joins, which is after the
/// proxy must be listening. The listener then receives connections once the bridge comes up.
/// </summary>
internal static class FreeBind
{
    private const int SolIp = 0;
    private const int IpFreeBind = 15;

    public static void Allow(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.InterNetwork) return;
        socket.SetRawSocketOption(SolIp, IpFreeBind, BitConverter.GetBytes(1));
    }
}
