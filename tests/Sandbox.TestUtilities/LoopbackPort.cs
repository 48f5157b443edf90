using System.Net;
using System.Net.Sockets;

namespace Sandbox.TestUtilities;

/// <summary>Loopback ports for the real processes tests start (servers, Prometheus, OTLP receivers).</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now: the kernel's pick for a listener that is closed at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
