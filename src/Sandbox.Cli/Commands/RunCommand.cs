using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Daemon;
using Sandbox.Cli.Remote;
using Sandbox.Core;
using Sandbox.Core.Results;
using Sandbox.Telemetry;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox run [options] -- CMD [ARGS...]</c>: runs one command in a fresh sandbox.</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new RequestOptions();
        var argv = new Argument<string[]>("command")
        {
            Description = "The program and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        argv.Validators.Add(CommandArgument.RejectUnknownOptions);
        var trace = new Option<bool>("--trace") { Description = "Print the run's span tree with timings on stderr." };
        var command = new Command("run", "Run a command in a fresh sandbox and remove the sandbox afterwards.") { argv, CommonOptions.Json, CommonOptions.ResultFile, trace };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var json = parse.GetValue(CommonOptions.Json);
            var streamed = false;
            Action<OutputLine>? onOutput = json ? null : line =>
            {
                streamed = true;
                (line.Stream == OutputStream.Stdout ? console.Out : console.Error).WriteLine(line.Text);
            };

            var traced = parse.GetValue(trace);
            string? spanTree = null;
            ExecutionResult? result = null;
            using (var server = ServerTarget.Resolve(parse, console, daemon: true))
            {
                if (server is not null)
                {
                    try
                    {
                        // The server sends its span tree of the run: its spans are where the run happened.
                        using var stream = new RunStream(onOutput, parse, console, traced);
                        result = await RemoteRun.RunAsync(server, parse, options, parse.GetValue(argv) ?? [], stream, console, cancellationToken).ConfigureAwait(false);
                        spanTree = stream.Trace;
                    }
                    catch (DaemonGoneException ex)
                    {
                        // Nothing ran: the run happens here.
                        if (parse.GetValue(CommonOptions.Verbose)) console.Report($"{ex.Message} Running in this process.");
                    }
                }
            }

            if (result is null)
            {
                using var spans = traced ? new SpanTree() : null;
                await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
                var request = await options.ApplyAsync(parse, runtime.CreateRequest(parse.GetValue(argv) ?? []), console, cancellationToken).ConfigureAwait(false);
                var runOptions = new RunOptions { Executor = parse.GetValue(options.Executor), SkipValidation = parse.GetValue(options.NoValidate) };
                result = await runtime.RunAsync(request with { OnOutput = onOutput }, runOptions, cancellationToken).ConfigureAwait(false);
                spanTree = spans?.Render();
            }

            var written = await ResultPrinter.WriteFilesAsync(result, parse.GetValue(options.Out), cancellationToken).ConfigureAwait(false);
            await ResultFile.WriteAsync(parse, () => ResultJson.Serialize(result, written), cancellationToken).ConfigureAwait(false);
            ResultPrinter.Print(result, json, streamed, written, console);
            if (spanTree is not null) console.Error.Write(spanTree);
            return ResultPrinter.ExitCode(result);
        }, parse.GetValue(options.Executor)));
        return command;
    }
}
