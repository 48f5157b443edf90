using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sandbox.TestUtilities;

/// <summary>Keeps every log entry (with its category) so tests can assert that something was logged.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    /// <summary>Entries with their logger's category.</summary>
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Categorized { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            owner.Entries.Enqueue((logLevel, message));
            owner.Categorized.Enqueue((category, logLevel, message));
        }
    }
}
