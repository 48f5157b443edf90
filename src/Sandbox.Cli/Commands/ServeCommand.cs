using System.CommandLine;
using Sandbox.Server;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox serve [--listen URL]... [--token-file FILE] [--tls-cert FILE --tls-key FILE]</c>: runs the sandbox server
/// until SIGTERM/SIGINT (then it drains gracefully, see <see cref="SandboxServer"/>).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var listen = new Option<string[]>("--listen") { Description = $"unix:/path or http(s)://host:port (repeatable; default {ServerOptions.DefaultListen}). TCP needs --token-file." };
        var tokenFile = new Option<string?>("--token-file") { Description = "Tokens, one per line, optionally NAME:TOKEN (the name is the tenant)." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate for https:// listeners." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key for --tls-cert." };
        var grace = new Option<string?>("--shutdown-grace") { Description = "How long running requests may finish after SIGTERM, e.g. 30s (default: server.shutdownGrace)." };
        var command = new Command("serve", "Serve runs, harness execs and sessions over HTTP (Unix socket and TCP) from one long-running process.")
        {
            listen, tokenFile, tlsCert, tlsKey, grace,
        };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var options = new ServerOptions
            {
                TokenFile = parse.GetValue(tokenFile),
                ConfigPath = parse.GetValue(CommonOptions.Config),
                TlsCertificate = parse.GetValue(tlsCert),
                TlsKey = parse.GetValue(tlsKey),
                ShutdownGrace = Sessions.SessionCommands.Time("--shutdown-grace", parse.GetValue(grace)),
                Verbose = parse.GetValue(CommonOptions.Verbose),
            };
            foreach (var address in parse.GetValue(listen) ?? []) options.Listen.Add(address);
            await SandboxServer.RunAsync(options, console.Error, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
