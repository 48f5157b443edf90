using Microsoft.Extensions.Logging;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Server.Runs;

/// <summary>
/// Sends a streaming caller the log lines its own run writes that an in-process CLI would have printed: warnings,
/// errors and an image pull's progress (a pull can take minutes; without it a remote run looks hung). The run's code
/// logs as usual; lines written in a captured run's flow also go to its stream, and nowhere else's.
/// </summary>
internal sealed class RequestLogRelay : ILoggerProvider
{
    private static readonly AsyncLocal<Capture?> Current = new();

    /// <summary>
    /// Relays the lines logged from here on in this flow (and the tasks it starts) to <paramref name="write"/> until
    /// disposed. Work the run left behind (a pool refill) may still log in this flow later: it is dropped then.
    /// </summary>
    public static IDisposable Start(Action<LogLevel, string, string> write)
    {
        var capture = new Capture(write);
        Current.Value = capture;
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    // What the CLI prints without --verbose: warnings and errors, and an image pull's lines. Only the framework's own
    // (its plugins' included): the web host's lines are about the server, not the caller's run.
    private static bool Relayed(string category, LogLevel level) =>
        category.StartsWith("Sandbox.", StringComparison.Ordinal)
        && (level is >= LogLevel.Warning and < LogLevel.None || (level == LogLevel.Information && category == SandboxTelemetry.ImagePullLog));

    private sealed class Capture(Action<LogLevel, string, string> write) : IDisposable
    {
        private volatile bool _closed;

        public void Write(LogLevel level, string category, string message)
        {
            if (!_closed) write(level, category, message);
        }

        public void Dispose() => _closed = true;
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => Current.Value is not null && Relayed(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Current.Value?.Write(logLevel, category, formatter(state, exception));
        }
    }
}
