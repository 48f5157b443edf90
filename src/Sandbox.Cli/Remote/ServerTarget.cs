using System.CommandLine;
using System.Net.Http.Headers;
using Sandbox.Abstractions;
using Sandbox.Cli.Commands;
using Sandbox.Cli.Daemon;
using Sandbox.Core.Configuration;
using Sandbox.Server;
using Sandbox.Toolkit.Net;

namespace Sandbox.Cli.Remote;

/// <summary>
/// The sandbox server a command runs through, if any: the one <c>--host</c> names, else the ones <c>SANDBOX_HOSTS</c>
/// names (comma-separated, for a federation of servers), else the one <c>SANDBOX_HOST</c> names (<c>unix:/path</c> or
/// <c>http(s)://...</c>; token from <c>SANDBOX_TOKEN</c> or <c>SANDBOX_TOKEN_FILE</c>), else one answering on the
/// default socket — but only when no configuration was named (<c>--config</c>, <c>SANDBOX_CONFIG</c>): a named
/// configuration is for this process, which a server would not read — else, for <c>run</c> and <c>exec</c>, the CLI's
/// daemon for this configuration and environment (<see cref="CliDaemon"/>). <c>--no-server</c> always runs in-process.
/// </summary>
internal sealed class ServerTarget : IDisposable
{
    /// <summary>How long connecting to one host may take before the next is tried (a vanished machine never refuses).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly (string Name, HttpClient Client)[] _hosts;
    private readonly int _first;
    // ", or pass --no-server" for a command that can run in this process (`top` cannot).
    private readonly string _inProcessHint;

    private ServerTarget((string Name, HttpClient Client)[] hosts, bool canRunInProcess)
    {
        _hosts = hosts;
        _inProcessHint = canRunInProcess ? ", or pass --no-server" : "";
        // Many clients of one federation start at different nodes, so they spread without a load balancer.
        _first = hosts.Length > 1 ? Random.Shared.Next(hosts.Length) : 0;
    }

    /// <summary>How the server(s) were named, for <c>--verbose</c>.</summary>
    public string Name => string.Join(",", _hosts.Select(h => h.Name));

    /// <summary>The server to use for <paramref name="parse"/>, or <c>null</c> to run in this process.</summary>
    /// <remarks>With <c>--verbose</c>, says on stderr which server will serve the command.</remarks>
    /// <param name="canRunInProcess">Whether the command has an in-process mode (<c>top</c> has not), so that an
    /// unanswered server's error suggests <c>--no-server</c> only where it helps.</param>
    /// <param name="daemon">Whether the command may go to the CLI's daemon (<c>run</c> and <c>exec</c>: one request,
    /// nothing kept between commands), when no server is named or answers on the default socket.</param>
    public static ServerTarget? Resolve(ParseResult parse, CliConsole console, bool canRunInProcess = true, bool daemon = false)
    {
        var named = parse.GetValue(CommonOptions.Host);
        if (parse.GetValue(CommonOptions.NoServer))
        {
            return named is null ? null : throw new SandboxConfigurationException("command line", "--host", "--no-server runs in this process: drop one of them");
        }

        (string File, string Key) source = ("environment", "SANDBOX_HOST");
        string[] hosts = [];
        if (named is not null)
        {
            (source, hosts) = (("command line", "--host"), [named]);
        }
        else if (Environment.GetEnvironmentVariable("SANDBOX_HOSTS") is { Length: > 0 } list)
        {
            (source, hosts) = (("environment", "SANDBOX_HOSTS"), list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else if (Environment.GetEnvironmentVariable("SANDBOX_HOST") is { Length: > 0 } one)
        {
            hosts = [one];
        }

        var isDaemon = false;
        if (hosts.Length == 0)
        {
            var configured = parse.GetValue(CommonOptions.Config) ?? Environment.GetEnvironmentVariable("SANDBOX_CONFIG");
            var socket = ServerOptions.DefaultListen["unix:".Length..];
            if (string.IsNullOrEmpty(configured) && UnixSockets.Answers(socket)) hosts = [ServerOptions.DefaultListen];
            else if (daemon && CliDaemon.Find(parse, console) is { } address) (hosts, isDaemon) = ([address], true);
            else return null;
        }

        var token = isDaemon ? null : Token();
        var target = new ServerTarget([.. hosts.Select(h => (h, CreateClient(h, token, source, isDaemon)))], canRunInProcess) { IsDaemon = isDaemon };
        if (parse.GetValue(CommonOptions.Verbose)) console.Report($"served by the sandbox {(isDaemon ? "CLI daemon" : "server")} at {target.Name}");
        return target;
    }

    /// <summary>
    /// Whether this is the CLI's daemon (<see cref="CliDaemon"/>): when it takes nothing (it has just stopped), the
    /// command runs in this process instead (<see cref="DaemonGoneException"/>).
    /// </summary>
    public bool IsDaemon { get; private init; }

    /// <summary>
    /// Sends a request (built anew for each attempt) to the first host that takes it, starting at a random one: a host
    /// that cannot be connected to, or answers that it is shutting down (it took nothing), is skipped for the next.
    /// </summary>
    /// <returns>The response and the host that gave it.</returns>
    /// <exception cref="RemoteProblemException">No host takes it (<see cref="ErrorKind.EngineUnavailable"/>).</exception>
    public async Task<(HttpResponseMessage Response, string Host)> SendAsync(Func<HttpRequestMessage> request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var i = 0; i < _hosts.Length; i++)
        {
            var (name, client) = _hosts[(_first + i) % _hosts.Length];
            try
            {
                using var message = request();
                var response = await client.SendAsync(message, completion, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || !response.Headers.Contains("Sandbox-Stopping") || (i == _hosts.Length - 1 && !IsDaemon))
                    return (response, name);
                response.Dispose();
                failures.Add($"{name}: shutting down");
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError || ex.InnerException is TimeoutException)
            {
                failures.Add($"{name}: {ex.Message}");
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
            {
                failures.Add($"{name}: no connection within {ConnectTimeout.TotalSeconds:0} s");
            }
        }

        if (IsDaemon) throw new DaemonGoneException(_hosts[0].Name, failures[0]);
        throw new RemoteProblemException(ErrorKind.EngineUnavailable, _hosts.Length == 1
            ? $"The sandbox server at {_hosts[0].Name} does not answer ({failures[0]}): start it with 'sandbox serve'{_inProcessHint}."
            : $"None of the sandbox servers in SANDBOX_HOSTS answers ({string.Join("; ", failures)}): start one{_inProcessHint}.");
    }

    public void Dispose()
    {
        foreach (var (_, client) in _hosts) client.Dispose();
    }

    // A daemon's socket is connected to only when this user's process listens on it (DaemonSocket).
    private static HttpClient CreateClient(string host, string? token, (string File, string Key) source, bool isDaemon)
    {
        HttpClient client;
        if (host.StartsWith("unix:", StringComparison.Ordinal))
        {
            var socket = host["unix:".Length..];
            Func<CancellationToken, ValueTask<Stream>> connect = isDaemon
                ? cancellationToken => DaemonSocket.ConnectAsync(socket, cancellationToken)
                : cancellationToken => UnixSockets.ConnectAsync(socket, cancellationToken);
            client = new HttpClient(new OneShotHttpHandler(connect, ConnectTimeout))
            {
                BaseAddress = new Uri("http://localhost/"),
            };
        }
        else if (Uri.TryCreate(host.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // A process's first request through SocketsHttpHandler costs more than a pooled run (OneShotHttpHandler);
            // HTTPS needs it all the same.
            HttpMessageHandler handler = uri.Scheme == "http" ? OneShotHttpHandler.ForTcp(uri, ConnectTimeout) : new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
            client = new HttpClient(handler) { BaseAddress = uri };
        }
        else
        {
            throw new SandboxConfigurationException(source.File, source.Key, $"'{host}' is not unix:/path or http(s)://host:port");
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
}
