namespace Sandbox.Egress;

/// <summary>
/// Reads the first TLS record of a tunnel (the ClientHello) to learn the server name the client asks for, so that a
/// CONNECT to an allowed host cannot carry a TLS session to another one (SNI must equal the CONNECT target).
/// </summary>
internal static class ClientHello
{
    /// <summary>Reads the record; returns its bytes (to be forwarded) and the SNI host name, if any.</summary>
    public static async Task<(byte[] Record, string? ServerName, bool IsTls)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        if (!await ReadExactlyAsync(stream, header, cancellationToken).ConfigureAwait(false)) return ([], null, false);
        if (header[0] != 0x16 || header[1] != 3) return (header, null, false);
        var length = (header[3] << 8) | header[4];
        var record = new byte[5 + length];
        header.CopyTo(record, 0);
        if (!await ReadExactlyAsync(stream, record.AsMemory(5), cancellationToken).ConfigureAwait(false)) return (record, null, false);
        return (record, ServerName(record.AsSpan(5)), true);
    }

    // Handshake(1) len(3) version(2) random(32) session(1+n) suites(2+n) compression(1+n) extensions(2+n).
    internal static string? ServerName(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || body[0] != 1) return null;
        var p = 4 + 2 + 32;
        if (p >= body.Length) return null;
        p += 1 + body[p];
        if (p + 2 > body.Length) return null;
        p += 2 + ((body[p] << 8) | body[p + 1]);
        if (p >= body.Length) return null;
        p += 1 + body[p];
        if (p + 2 > body.Length) return null;
        var end = Math.Min(body.Length, p + 2 + ((body[p] << 8) | body[p + 1]));
        p += 2;
        while (p + 4 <= end)
        {
            var type = (body[p] << 8) | body[p + 1];
            var len = (body[p + 2] << 8) | body[p + 3];
            p += 4;
            if (type == 0 && p + 5 <= end && body[p + 2] == 0)
            {
                var nameLength = (body[p + 3] << 8) | body[p + 4];
                if (p + 5 + nameLength > end) return null;
                return System.Text.Encoding.ASCII.GetString(body.Slice(p + 5, nameLength)).ToLowerInvariant();
            }

            p += len;
        }

        return null;
    }

    private static async Task<bool> ReadExactlyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
