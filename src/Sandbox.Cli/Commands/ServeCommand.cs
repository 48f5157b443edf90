using System.CommandLine;
using Sandbox.Cli.Daemon;
using Sandbox.Core.Configuration;
using Sandbox.Server;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox serve [--listen URL]... [--token-file FILE] [--tls-cert FILE --tls-key FILE]</c>: runs the sandbox server
/// until SIGTERM/SIGINT (then it drains gracefully, see <see cref="SandboxServer"/>).
/// </summary>
internal static class ServeCommand
{
    /// <summary>The hidden option that makes this server the CLI's daemon (<see cref="CliDaemon"/>).</summary>
    public const string DaemonOption = "--daemon";

    public static Command Create(CliConsole console)
    {
        var listen = new Option<string[]>("--listen") { Description = $"unix:/path or http(s)://host:port (repeatable; default {ServerOptions.DefaultListen}). TCP needs --token-file." };
        var tokenFile = new Option<string?>("--token-file") { Description = "Tokens, one per line, optionally NAME:TOKEN (the name is the tenant)." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate for https:// listeners." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key for --tls-cert." };
        var grace = new Option<string?>("--shutdown-grace") { Description = "How long running requests may finish after SIGTERM, e.g. 30s (default: server.shutdownGrace)." };
        var idleExit = new Option<string?>("--idle-exit") { Description = "Stop gracefully after this long without a call, e.g. 10min (default: serve until stopped)." };
        var daemon = new Option<bool>(DaemonOption) { Hidden = true, Description = "Serve as the CLI's daemon on its socket (started by 'sandbox run')." };
        var command = new Command("serve", "Serve runs, harness execs and sessions over HTTP (Unix socket and TCP) from one long-running process.")
        {
            listen, tokenFile, tlsCert, tlsKey, grace, idleExit, daemon,
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
                IdleExit = Sessions.SessionCommands.Time("--idle-exit", parse.GetValue(idleExit)),
                Verbose = parse.GetValue(CommonOptions.Verbose),
            };
            foreach (var address in parse.GetValue(listen) ?? []) options.Listen.Add(address);
            if (!parse.GetValue(daemon))
            {
                await SandboxServer.RunAsync(options, console.Error, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (OperatingSystem.IsWindows()) throw new SandboxConfigurationException("command line", DaemonOption, "the CLI daemon needs Unix sockets and signals");
            var files = options.Listen is [{ } only] && only.StartsWith("unix:", StringComparison.Ordinal) ? DaemonFiles.OfSocket(only["unix:".Length..]) : null;
            if (files is null) throw new SandboxConfigurationException("command line", "--listen", $"{DaemonOption} serves on one daemon socket (unix:.../d-KEY.sock)");
            using var host = DaemonHost.Begin(files);
            if (host is null) return ExitCodes.Success;
            options.IdleExit ??= CliDaemon.IdleExit;
            options.Pool = DaemonHost.Pool(options.IdleExit.Value);
            await SandboxServer.RunAsync(options, host.Log, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
