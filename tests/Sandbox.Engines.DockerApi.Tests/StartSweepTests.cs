using Microsoft.Extensions.Logging;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class StartSweepTests
{
    [Fact]
    public async Task A_failing_sweep_at_start_is_logged_and_does_not_fail_the_callers_work()
    {
        await using var engine = new FakeEngineSocket((_, path) => path.EndsWith("/containers/json", StringComparison.Ordinal)
            ? (500, """{"message":"listing is broken"}""")
            : (200, "{}"));
        var log = new RecordingLoggerFactory();
        using var container = new ContainerEngine(EngineDialect.Docker, new ContainerEngineSettings { Endpoint = engine.SocketPath }, log);

        await container.WarmupAsync("sandbox/any:1", TestContext.Current.CancellationToken);

        Assert.Contains(engine.Requests, p => p.EndsWith("/containers/json", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("orphan sweep at start failed", StringComparison.Ordinal) && m.Contains("listing is broken", StringComparison.Ordinal));
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages) owner.Messages.Add(formatter(state, exception));
            }
        }
    }
}
