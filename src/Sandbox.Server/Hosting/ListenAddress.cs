using System.Net;
using Sandbox.Core.Configuration;

namespace Sandbox.Server.Hosting;

/// <summary>One <c>--listen</c> address: a Unix socket path, or a TCP host and port with or without TLS.</summary>
internal sealed record ListenAddress(string Text, string? SocketPath, IPAddress? Address, bool Localhost, int Port, bool Tls)
{
    /// <summary>Whether this is a TCP listener (which needs tokens).</summary>
    public bool IsTcp => SocketPath is null;

    /// <summary>Whether only this machine can reach it.</summary>
    public bool IsLoopback => SocketPath is not null || Localhost || (Address is not null && IPAddress.IsLoopback(Address));

    /// <summary>Parses <c>unix:/path</c>, <c>http://host:port</c> or <c>https://host:port</c>.</summary>
    /// <exception cref="SandboxConfigurationException">Anything else.</exception>
    public static ListenAddress Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text["unix:".Length..];
            if (!Path.IsPathFullyQualified(path)) throw Invalid(text, "a Unix socket needs an absolute path, e.g. unix:/run/sandbox/sandbox.sock");
            return new ListenAddress(text, path, null, false, 0, false);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/")
            throw Invalid(text, "expected unix:/path, http://host:port or https://host:port");
        var localhost = string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        IPAddress? address = null;
        if (!localhost && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out address))
            throw Invalid(text, "the host must be an IP address or localhost");
        return new ListenAddress(text, null, address, localhost, uri.Port, uri.Scheme == Uri.UriSchemeHttps);
    }

    private static SandboxConfigurationException Invalid(string text, string problem) => new("command line", "--listen", $"'{text}': {problem}");
}
