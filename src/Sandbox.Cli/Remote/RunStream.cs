using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Server.Contracts;

namespace Sandbox.Cli.Remote;

/// <summary>
/// What a streamed remote call gives the CLI besides its result, so it prints what an in-process run prints: the
/// command's output lines, the lines the run logged that this process would have logged (written through the CLI's
/// own loggers, with their filter), and the run's span tree when <c>--trace</c> asked for it.
/// </summary>
internal sealed class RunStream(Action<OutputLine>? onOutput, ParseResult parse, CliConsole console, bool trace = false) : IDisposable
{
    private ILoggerFactory? _logs;

    /// <summary>Whether the server is asked for the run's span tree.</summary>
    public bool WantsTrace => trace;

    /// <summary>The server's span tree of the run, once its <c>trace</c> event arrived.</summary>
    public string? Trace { get; private set; }

    /// <summary>Handles one event other than the result.</summary>
    public void Receive(string name, string data)
    {
        switch (name)
        {
            case "stdout" or "stderr":
                onOutput?.Invoke(new OutputLine(name == "stdout" ? OutputStream.Stdout : OutputStream.Stderr, data));
                break;
            case "log":
                var line = ServerCall.Read<LogEventDocument>(data);
                if (Enum.TryParse<LogLevel>(line.Level, ignoreCase: true, out var level))
                    (_logs ??= RuntimeFactory.CreateLoggerFactory(parse, console)).CreateLogger(line.Category).Log(level, default, line.Message, null, static (message, _) => message);
                break;
            case "trace":
                Trace = data;
                break;
        }
    }

    public void Dispose() => _logs?.Dispose();
}
