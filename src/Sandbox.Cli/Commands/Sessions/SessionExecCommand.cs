using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Core.Configuration;
using Sandbox.Server.Contracts;

namespace Sandbox.Cli.Commands.Sessions;

/// <summary><c>sandbox session exec ID [options] -- CMD [ARGS...]</c>: runs one command in a session, with <c>run</c>'s exit codes.</summary>
internal static class SessionExecCommand
{
    public static Command Create(CliConsole console)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var timeout = new Option<string?>("--timeout", "-t") { Description = "Timeout of this command, e.g. 30s (default: the session's)." };
        var env = new Option<string[]>("--env", "-e") { Description = "Environment variable K=V for this command (repeatable)." };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory (default: the session's)." };
        var stdin = new Option<string?>("--stdin") { Description = "Feed a file (or - for this process's stdin) to the command." };
        var outputLimit = new Option<string?>("--output-limit") { Description = "Bytes kept per output stream, e.g. 1m." };
        var argv = new Argument<string[]>("command") { Description = "The program and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        argv.Validators.Add(CommandArgument.RejectUnknownOptions);
        var command = new Command("exec", "Run a command in a session; exit code as 'sandbox run' (124 timeout, 137 OOM, 125 framework error).")
        {
            id, executor, timeout, env, workdir, stdin, outputLimit, CommonOptions.Json, argv,
        };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(env) ?? [])
            {
                var separator = pair.IndexOf('=');
                if (separator <= 0) throw new SandboxConfigurationException("command line", "--env", $"'{pair}' is not K=V");
                environment[pair[..separator]] = pair[(separator + 1)..];
            }

            var json = parse.GetValue(CommonOptions.Json);
            var streamed = false;
            var sessionCommand = new SessionCommand
            {
                Command = parse.GetValue(argv) ?? [],
                Environment = environment,
                WorkingDirectory = parse.GetValue(workdir),
                Timeout = SessionCommands.Time("--timeout", parse.GetValue(timeout)),
                OutputBytes = SessionCommands.Size("--output-limit", parse.GetValue(outputLimit)),
                StandardInput = await RequestOptions.ReadStdinAsync(parse.GetValue(stdin), console, cancellationToken).ConfigureAwait(false),
                OnOutput = json ? null : line =>
                {
                    streamed = true;
                    (line.Stream == OutputStream.Stdout ? console.Out : console.Error).WriteLine(line.Text);
                },
            };
            // Streamed even for --json: the run's warnings still reach stderr, as in-process.
            using var stream = new RunStream(sessionCommand.OnOutput, parse, console);
            var result = await SessionCommands.WithSessionAsync(parse, console, id, executor,
                // The options as given (checked above): the server reads them with the same grammar.
                (server, ct) => RemoteSession.ExecAsync(server, parse.GetRequiredValue(id), new SessionExecBody
                {
                    Command = [.. sessionCommand.Command],
                    Env = environment,
                    WorkingDirectory = sessionCommand.WorkingDirectory,
                    Timeout = parse.GetValue(timeout),
                    OutputLimit = parse.GetValue(outputLimit),
                    StdinBase64 = sessionCommand.StandardInput is { } bytes ? Convert.ToBase64String(bytes.Span) : null,
                }, ct, stream),
                (session, ct) => session.ExecAsync(sessionCommand, ct), cancellationToken).ConfigureAwait(false);
            ResultPrinter.Print(result, json, streamed, new Dictionary<string, string>(), console);
            return ResultPrinter.ExitCode(result);
        }, parse.GetValue(executor)));
        return command;
    }
}
