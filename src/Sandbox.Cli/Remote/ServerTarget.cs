using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Sandbox.Cli.Commands;
using Sandbox.Core.Configuration;
using Sandbox.Server;

namespace Sandbox.Cli.Remote;

/// <summary>
/// The sandbox server a command runs through, if any: the one <c>SANDBOX_HOST</c> names (<c>unix:/path</c> or
/// <c>http(s)://...</c>, token from <c>SANDBOX_TOKEN</c> or <c>SANDBOX_TOKEN_FILE</c>), else one answering on the default
/// socket — but only when no configuration was named (<c>--config</c>, <c>SANDBOX_CONFIG</c>): a named configuration is
/// for this process, which a server would not read. <c>--no-server</c> always runs in-process.
/// </summary>
internal sealed class ServerTarget(string name, HttpClient client) : IDisposable
{
    /// <summary>How the server was named, for <c>--verbose</c>.</summary>
    public string Name => name;

    /// <summary>A client for it (no overall timeout: a run lasts as long as its own timeout says).</summary>
    public HttpClient Client => client;

    /// <summary>The server to use for <paramref name="parse"/>, or <c>null</c> to run in this process.</summary>
    public static ServerTarget? Resolve(ParseResult parse)
    {
        if (parse.GetValue(CommonOptions.NoServer)) return null;
        var host = Environment.GetEnvironmentVariable("SANDBOX_HOST");
        if (string.IsNullOrEmpty(host))
        {
            var configured = parse.GetValue(CommonOptions.Config) ?? Environment.GetEnvironmentVariable("SANDBOX_CONFIG");
            var socket = ServerOptions.DefaultListen["unix:".Length..];
            if (!string.IsNullOrEmpty(configured) || !Answers(socket)) return null;
            host = ServerOptions.DefaultListen;
        }

        return new ServerTarget(host, CreateClient(host, Token()));
    }

    public void Dispose() => client.Dispose();

    private static HttpClient CreateClient(string host, string? token)
    {
        HttpClient client;
        if (host.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = host["unix:".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost/") };
        }
        else if (Uri.TryCreate(host.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            client = new HttpClient { BaseAddress = uri };
        }
        else
        {
            throw new SandboxConfigurationException("environment", "SANDBOX_HOST", $"'{host}' is not unix:/path or http(s)://host:port");
        }

        client.Timeout = Timeout.InfiniteTimeSpan;
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    // SANDBOX_TOKEN, else the first token of SANDBOX_TOKEN_FILE (a line TOKEN or NAME:TOKEN, as the server's token file).
    private static string? Token()
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_TOKEN") is { Length: > 0 } token) return token;
        if (Environment.GetEnvironmentVariable("SANDBOX_TOKEN_FILE") is not { Length: > 0 } file) return null;
        var line = File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
                   ?? throw new SandboxConfigurationException(file, "(file)", "SANDBOX_TOKEN_FILE holds no token");
        return line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static bool Answers(string socketPath)
    {
        if (!File.Exists(socketPath)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
