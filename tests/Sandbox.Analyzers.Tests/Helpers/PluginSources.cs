namespace Sandbox.Analyzers.Tests.Helpers;

/// <summary>Members every test executor needs besides the one a test is about.</summary>
internal static class PluginSources
{
    /// <summary>IExecutor members other than ExecuteAsync.</summary>
    public const string OtherExecutorMembers = """
            public string Name => "test";
            public IsolationLevel IsolationLevel => default;
            public ExecutorCapabilities Capabilities => null!;
            public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => Task.FromResult(new HealthReport(true, "ok"));
            public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(CleanupReport.Empty);
        """;
}
