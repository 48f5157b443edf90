using System.CommandLine;
using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Core.Results;
using Sandbox.Core.Sessions;
using Sandbox.Server.Contracts;

namespace Sandbox.Cli.Commands.Sessions;

/// <summary><c>sandbox session test|build|stats</c>: parsed results instead of raw output.</summary>
internal static class SessionReportCommands
{
    public static Command Test(CliConsole console) => RunCommand(console, "test",
        "Run the session's tests (detected, or --command) and print passed/failed/skipped, failed tests and coverage; exit 0 when all passed.",
        async (session, options, ct) => SessionJson.ToDocument(await session.RunTestsAsync(options, ct).ConfigureAwait(false)),
        result => (result.Execution, result.Succeeded,
            $"{result.Framework.ToString().ToLowerInvariant()}: {result.Passed} passed, {result.Failed} failed, {result.Skipped} skipped"
            + (result.CoveragePercent is { } coverage ? $", coverage {coverage.ToString("0.##", CultureInfo.InvariantCulture)}%" : "")
            + (result.Parsed ? "" : " (output not recognised: exit code only)"),
            result.FailedTests.Select(t => $"FAILED {t}").ToArray()));

    public static Command Build(CliConsole console) => RunCommand(console, "build",
        "Run the session's build (detected, or --command) and print success and the error/warning counts; exit 0 when it built.",
        async (session, options, ct) => SessionJson.ToDocument(await session.RunBuildAsync(options, ct).ConfigureAwait(false)),
        result => (result.Execution, result.Succeeded,
            $"{result.Tool}: {(result.Succeeded ? "succeeded" : "failed")}" + (result.Errors is { } e ? $", {e} error(s)" : "") + (result.Warnings is { } w ? $", {w} warning(s)" : ""),
            Array.Empty<string>()));

    public static Command Stats(CliConsole console)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var command = new Command("stats", "Print a session's CPU time, memory, processes and network bytes.") { id, executor, CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var stats = await SessionCommands.WithSessionAsync(parse, console, id, executor,
                (server, ct) => RemoteSession.StatsAsync(server, parse.GetRequiredValue(id), ct),
                async (session, ct) => SessionJson.ToDocument(await session.GetStatsAsync(ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(CommonOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(stats));
            }
            else
            {
                static string Of<T>(T? value) where T : struct => value?.ToString() ?? "-";
                console.Out.WriteLine($"cpu {(stats.CpuTimeMs is { } cpu ? $"{cpu:0} ms" : "-")}, memory {Of(stats.MemoryBytes)} B (peak {Of(stats.PeakMemoryBytes)} B), pids {Of(stats.Pids)}, network rx {Of(stats.NetworkRxBytes)} B tx {Of(stats.NetworkTxBytes)} B");
            }

            return ExitCodes.Success;
        }, parse.GetValue(executor)));
        return command;
    }

    // The summary is made from the document (what --json prints and the server returns), so it reads the same either way.
    private static Command RunCommand<TDocument>(CliConsole console, string name, string description,
        Func<ISandboxSession, TestRunOptions, CancellationToken, Task<TDocument>> run,
        Func<TDocument, (ResultJson.ResultDocument Execution, bool Succeeded, string Summary, string[] Details)> describe)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var commandLine = new Option<string?>("--command") { Description = "Shell command line to run instead of the detected one (run with /bin/sh -c)." };
        var timeout = new Option<string?>("--timeout", "-t") { Description = "Timeout, e.g. 5m (default: the session's)." };
        var command = new Command(name, description) { id, executor, commandLine, timeout, CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var json = parse.GetValue(CommonOptions.Json);
            var options = new TestRunOptions
            {
                Command = parse.GetValue(commandLine) is { } line ? ["/bin/sh", "-c", line] : null,
                Timeout = SessionCommands.Time("--timeout", parse.GetValue(timeout)),
                // The tool's own output goes to stderr, so that stdout carries only the summary (or the JSON).
                OnOutput = json ? null : l => console.Error.WriteLine(l.Text),
            };
            // Streamed even for --json: the run's warnings still reach stderr, as in-process.
            using var stream = new RunStream(options.OnOutput, parse, console);
            var document = await SessionCommands.WithSessionAsync(parse, console, id, executor,
                (server, ct) => RemoteSession.ReportAsync<TDocument>(server, parse.GetRequiredValue(id), name,
                    new SessionReportBody { Command = parse.GetValue(commandLine), Timeout = parse.GetValue(timeout) }, ct, stream),
                (session, ct) => run(session, options, ct), cancellationToken).ConfigureAwait(false);
            var (executionDocument, succeeded, summary, details) = describe(document);
            var execution = ResultJson.FromDocument(executionDocument);
            if (json)
            {
                console.Out.WriteLine(CliJson.Serialize(document));
            }
            else
            {
                console.Out.WriteLine(summary);
                foreach (var detail in details) console.Out.WriteLine(detail);
                if (execution.TimedOut) console.Report("the command timed out and was killed");
            }

            return execution.TimedOut || execution.OomKilled || execution.Error is not null ? ResultPrinter.ExitCode(execution) : succeeded ? ExitCodes.Success : 1;
        }, parse.GetValue(executor)));
        return command;
    }
}
