using Microsoft.Extensions.Logging;

namespace Sandbox.Cli;

/// <summary>
/// Logs one line per message to stderr, so that stdout carries only the workload's output (or the single JSON object
/// of <c>--json</c>) and scripts can parse it.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(error, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class StderrLogger(TextWriter error, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Warning => "warning",
                LogLevel.Error or LogLevel.Critical => "error",
                _ => logLevel.ToString().ToLowerInvariant(),
            };
            lock (error) error.WriteLine($"sandbox: {level}: [{category}] {formatter(state, exception)}");
        }
    }
}
