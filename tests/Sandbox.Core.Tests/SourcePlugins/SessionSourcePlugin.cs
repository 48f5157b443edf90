namespace Sandbox.Core.Tests.SourcePlugins;

/// <summary>
/// A source plugin with an in-memory session executor (detached sessions too), so runtime tests can create sessions
/// without an engine. Its runs and session commands answer with <c>greeting</c>, so a test can see which build ran.
/// </summary>
internal static class SessionSourcePlugin
{
    public const string Manifest = """{ "name": "Acme.Executors.Echo", "kind": "executor" }""";

    public static string Executor(string greeting = "hello") => $$"""
        using Sandbox.Abstractions;

        namespace Acme.Executors.Echo;

        public sealed class EchoSessions : IDetachedSessionExecutor
        {
            public string Name => "echo-source";
            public IsolationLevel IsolationLevel => IsolationLevel.None;
            public ExecutorCapabilities Capabilities { get; } = new() { IsolationLevel = IsolationLevel.None, Features = (SandboxFeatures)~0L & ~SandboxFeatures.Privileged };

            public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) =>
                Task.FromResult(Answer(request.Command));

            public Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, CancellationToken cancellationToken = default) =>
                Task.FromResult<ISandboxSession>(new EchoSession(spec));

            public Task<ISandboxSession> CreateDetachedSessionAsync(ExecutionRequest spec, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
                Task.FromResult<ISandboxSession>(new EchoSession(spec));

            public Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SessionInfo>>([]);
            public Task<ISandboxSession?> OpenSessionAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<ISandboxSession?>(null);
            public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => Task.FromResult(HealthReport.Ok("compiled from source"));
            public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(CleanupReport.Empty);

            internal static ExecutionResult Answer(IReadOnlyList<string> command) =>
                new() { ExitCode = 0, Stdout = "{{greeting}} " + string.Join(" ", command), Executor = "echo-source" };
        }

        internal sealed class EchoSession(ExecutionRequest spec) : ISandboxSession
        {
            public string Id { get; } = Guid.NewGuid().ToString("N");
            public string Executor => "echo-source";
            public ExecutionRequest Spec => spec;
            public Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default) => Task.FromResult(EchoSessions.Answer(command.Command));
            public Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<CollectedFile>>([]);
            public Task<CollectedOutput> CollectAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => Task.FromResult(new CollectedOutput([], []));
            public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) => Task.FromResult(new SessionStats(null, null, null, null, null, null));
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
        """;
}
