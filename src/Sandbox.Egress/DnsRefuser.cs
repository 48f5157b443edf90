using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandbox.Egress;

/// <summary>
/// Answers every DNS query from the sandbox with REFUSED at once (names are resolved by the proxy, never inside the
/// sandbox), and records each query's name; any other datagram redirected here is recorded as UDP. Without it a
/// lookup inside the sandbox would wait for its resolver's timeout instead of failing fast.
/// </summary>
internal sealed class DnsRefuser : IDisposable
{
    private readonly UdpClient _udp;
    private readonly EgressAudit _audit;

    private DnsRefuser(UdpClient udp, EgressAudit audit)
    {
        _udp = udp;
        _audit = audit;
        Stopped = ServeAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public Task Stopped { get; }

    public static DnsRefuser Start(IPEndPoint endpoint, EgressAudit audit)
    {
        var client = new UdpClient(endpoint.AddressFamily);
        try
        {
            FreeBind.Allow(client.Client);
            client.Client.Bind(endpoint);
            return new DnsRefuser(client, audit);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _udp.ReceiveAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return;
            }

            var name = QueryName(datagram.Buffer);
            if (name is null)
            {
                _audit.Block(datagram.RemoteEndPoint.Address.ToString(), 0, "udp datagram");
                continue;
            }

            _audit.Block(name, 53, "dns query");
            try
            {
                await _udp.SendAsync(Refused(datagram.Buffer), datagram.RemoteEndPoint).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    // The query's header with QR=1, RA=0, RCODE=5 (REFUSED), no answers: the question is echoed back.
    internal static byte[] Refused(byte[] query)
    {
        var reply = (byte[])query.Clone();
        reply[2] = (byte)(0x80 | (query[2] & 0x79));
        reply[3] = 5;
        reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
        return reply;
    }

    internal static string? QueryName(byte[] packet)
    {
        if (packet.Length < 17 || (packet[2] & 0x80) != 0 || packet[4] != 0 || packet[5] == 0) return null;
        var labels = new List<string>();
        var p = 12;
        while (p < packet.Length && packet[p] != 0)
        {
            var length = packet[p];
            if (length > 63 || p + 1 + length > packet.Length) return null;
            labels.Add(Encoding.ASCII.GetString(packet, p + 1, length));
            p += 1 + length;
        }

        return p < packet.Length && labels.Count > 0 ? string.Join('.', labels).ToLowerInvariant() : null;
    }

    public void Dispose() => _udp.Dispose();
}
