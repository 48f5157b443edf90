using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Daemon;
using Sandbox.Cli.Remote;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Core.Harness;
using Sandbox.Core.Results;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox exec --template T --code FILE [--input FILE]</c>: runs user code through a harness template and prints
/// the code's result as JSON on stdout. The code's own output goes to stderr so stdout stays parseable.
/// </summary>
internal static class ExecCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new RequestOptions();
        var harness = new HarnessOptions();
        var command = new Command("exec", "Run code through a harness template (e.g. python-handler) and print its result as JSON.") { CommonOptions.Json, CommonOptions.ResultFile };
        harness.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var onOutput = (OutputLine line) => console.Error.WriteLine(line.Text);
            HarnessResult? result = null;
            string? templateName = null;
            using (var server = ServerTarget.Resolve(parse, console, daemon: true))
            {
                if (server is not null)
                {
                    try
                    {
                        var remote = await harness.ReadAsync(parse, parse.GetRequiredValue(harness.Template), console, cancellationToken).ConfigureAwait(false);
                        templateName = remote.Template;
                        using var stream = new RunStream(onOutput, parse, console);
                        result = await RemoteExec.ExecAsync(server, parse, options, remote, parse.GetValue(harness.MaxResult), stream, console, cancellationToken).ConfigureAwait(false);
                    }
                    catch (DaemonGoneException ex)
                    {
                        // Nothing ran: the exec happens here.
                        if (parse.GetValue(CommonOptions.Verbose)) console.Report($"{ex.Message} Running in this process.");
                    }
                }
            }

            if (result is null)
            {
                await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
                var template = runtime.Templates.Get(parse.GetRequiredValue(harness.Template));
                templateName = template.Name;
                var request = await harness.ReadAsync(parse, template.Name, console, cancellationToken).ConfigureAwait(false);
                var defaults = runtime.Config.Defaults;
                var baseRequest = await options.ApplyAsync(parse, defaults with { Image = null }, console, cancellationToken).ConfigureAwait(false);
                baseRequest = baseRequest with { Image = template.ImageFor(baseRequest.Image, defaults.Image), OnOutput = onOutput };
                var runOptions = new RunOptions { Executor = parse.GetValue(options.Executor), SkipValidation = parse.GetValue(options.NoValidate) };
                result = await runtime.ExecAsync(request with { Base = baseRequest }, runOptions, cancellationToken).ConfigureAwait(false);
            }

            var execution = result.Execution;
            string? document = null;
            string Document() => document ??= ExecJson.Serialize(result);
            await ResultFile.WriteAsync(parse, Document, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(CommonOptions.Json))
            {
                console.Out.WriteLine(Document());
            }
            else
            {
                if (result.Ok) console.Out.WriteLine(CliJson.Serialize(result.Result));
                ResultPrinter.Print(execution with { Stdout = "", Stderr = "" }, json: false, outputStreamed: true, new Dictionary<string, string>(), console);
                if (result.Error is { } error && execution.Error is null)
                {
                    console.Report($"{templateName} failed: {error.Type}: {error.Message}");
                    if (error.Traceback is not null) console.Error.Write(error.Traceback);
                }
            }

            return result.Ok ? ExitCodes.Success : execution.Error is not null || execution.TimedOut || execution.OomKilled ? ResultPrinter.ExitCode(execution) : 1;
        }, parse.GetValue(options.Executor)));
        return command;
    }
}
