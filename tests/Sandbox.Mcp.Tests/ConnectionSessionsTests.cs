using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;
using Sandbox.Mcp.Sessions;
using Sandbox.Mcp.Tools;

namespace Sandbox.Mcp.Tests;

/// <summary>The per-connection session registry without an engine: quota, ownership, expiry, end of connection.</summary>
public sealed class ConnectionSessionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connection_over_its_quota_is_refused_and_nothing_is_created()
    {
        await using var sessions = Registry(quota: 1);
        await sessions.CreateAsync("a", TimeSpan.FromMinutes(1), _ => Task.FromResult<ISandboxSession>(new FakeSession("s1")), Ct);
        var created = false;

        var refused = await Assert.ThrowsAsync<ToolRejectedException>(() => sessions.CreateAsync("a", TimeSpan.FromMinutes(1), _ => { created = true; return Task.FromResult<ISandboxSession>(new FakeSession("s2")); }, Ct));

        Assert.Contains("already holds 1 sessions", refused.Message);
        Assert.False(created);
        await sessions.CreateAsync("b", TimeSpan.FromMinutes(1), _ => Task.FromResult<ISandboxSession>(new FakeSession("s3")), Ct);
    }

    [Fact]
    public async Task A_session_is_unknown_to_other_connections_and_removed_with_its_own()
    {
        await using var sessions = Registry();
        var session = new FakeSession("s1");
        await sessions.CreateAsync("owner", TimeSpan.FromMinutes(1), _ => Task.FromResult<ISandboxSession>(session), Ct);

        Assert.Same(session, sessions.Get("owner", "s1"));
        Assert.Contains("Unknown session 's1'", Assert.Throws<ToolRejectedException>(() => sessions.Get("other", "s1")).Message);
        await Assert.ThrowsAsync<ToolRejectedException>(() => sessions.CloseAsync("other", "s1"));
        Assert.False(session.Disposed);

        await sessions.CloseConnectionAsync("owner");

        Assert.True(session.Disposed);
        Assert.Throws<ToolRejectedException>(() => sessions.Get("owner", "s1"));
    }

    [Fact]
    public async Task A_session_past_its_time_to_live_is_removed()
    {
        await using var sessions = Registry();
        var session = new FakeSession("s1");

        await sessions.CreateAsync("a", TimeSpan.FromMilliseconds(50), _ => Task.FromResult<ISandboxSession>(session), Ct);

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(session.Disposed), TimeSpan.FromSeconds(30)));
        Assert.Equal(0, sessions.Count);
    }

    [Fact]
    public async Task Stopping_the_server_removes_every_session_and_a_failing_removal_does_not_stop_the_others()
    {
        var sessions = Registry();
        var failing = new FakeSession("s1", failOnDispose: true);
        var other = new FakeSession("s2");
        await sessions.CreateAsync("a", TimeSpan.FromMinutes(1), _ => Task.FromResult<ISandboxSession>(failing), Ct);
        await sessions.CreateAsync("b", TimeSpan.FromMinutes(1), _ => Task.FromResult<ISandboxSession>(other), Ct);

        await sessions.DisposeAsync();

        Assert.True(failing.Disposed);
        Assert.True(other.Disposed);
    }

    private static ConnectionSessions Registry(int quota = 8) =>
        new(new SandboxMcpOptions { MaxSessionsPerConnection = quota }, NullLogger<ConnectionSessions>.Instance);

    private sealed class FakeSession(string id, bool failOnDispose = false) : ISandboxSession
    {
        public bool Disposed { get; private set; }

        public string Id => id;

        public string Executor => "fake";

        public ExecutionRequest Spec { get; } = new();

        public Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return failOnDispose ? ValueTask.FromException(new IOException("engine gone")) : ValueTask.CompletedTask;
        }
    }
}
