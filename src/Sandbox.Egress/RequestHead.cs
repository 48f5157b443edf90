using System.Text;

namespace Sandbox.Egress;

/// <summary>The head of an HTTP/1.x request as a proxy receives it: request line and header lines.</summary>
internal sealed record RequestHead(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The longest head accepted; a client that sends more is not speaking to a proxy in good faith.</summary>
    public const int MaxBytes = 32 * 1024;

    /// <summary>The first value of <paramref name="name"/>, if any.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Reads a head from <paramref name="stream"/>; returns it with any bytes read past it, or <c>null</c> if none came.</summary>
    public static async Task<(RequestHead? Head, ReadOnlyMemory<byte> Remainder)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0) return (null, default);
            var searchFrom = Math.Max(0, filled - 3);
            filled += read;
            var end = buffer.AsSpan(searchFrom, filled - searchFrom).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                end += searchFrom;
                return (Parse(Encoding.Latin1.GetString(buffer, 0, end)), buffer.AsMemory(end + 4, filled - end - 4));
            }
        }

        return (null, default);
    }

    /// <summary>Parses a head without its final blank line; <c>null</c> when it is not HTTP/1.x.</summary>
    public static RequestHead? Parse(string text)
    {
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) return null;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) return null;
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new RequestHead(parts[0], parts[1], parts[2], headers);
    }

    /// <summary>Splits <c>host:port</c> (or a bare host with <paramref name="defaultPort"/>); <c>null</c> when malformed.</summary>
    public static (string Host, int Port)? SplitAuthority(string authority, int defaultPort)
    {
        if (authority.StartsWith('[')) return null;
        var colon = authority.LastIndexOf(':');
        if (colon < 0) return authority.Length > 0 ? (authority.ToLowerInvariant(), defaultPort) : null;
        return int.TryParse(authority.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 && colon > 0
            ? (authority[..colon].ToLowerInvariant(), port)
            : null;
    }
}
