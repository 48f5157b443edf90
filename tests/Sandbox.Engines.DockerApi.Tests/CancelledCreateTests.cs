using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>
/// A caller that goes away while the engine creates something must still learn what was made, or it leaks: the engine
/// finishes a create whose caller hung up. The engine here holds its answer back until the test has cancelled.
/// </summary>
public sealed class CancelledCreateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cancelled_container_create_returns_only_after_the_engine_answered_so_a_removal_by_name_finds_it()
    {
        using var held = new HeldAnswer("/containers/create", """{"Id":"abc","Warnings":[]}""");
        await using var engine = new FakeEngineSocket(held.Respond);
        using var client = Client(engine);
        using var cancellation = new CancellationTokenSource();

        var create = client.CreateContainerAsync("create the container", Render.Spec(new ExecutionRequest { Command = ["true"] }), cancellation.Token);
        await held.CancelOnceAskedAsync(cancellation);

        Assert.False(create.IsCompleted, "the create returned before the engine answered");
        held.Answer();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create);
    }

    [Fact]
    public async Task A_cancelled_egress_network_create_removes_the_network_the_engine_made()
    {
        using var held = new HeldAnswer("/networks/create", """{"Id":"net1","Warning":""}""");
        await using var engine = new FakeEngineSocket(held.Respond);
        using var client = Client(engine);
        using var cancellation = new CancellationTokenSource();

        var create = EgressNetwork.CreateAsync(client, EgressPolicy.Parse(["example.test"], null), new Dictionary<string, string>(), cancellation.Token);
        await held.CancelOnceAskedAsync(cancellation);

        Assert.False(create.IsCompleted, "the network create returned before the engine answered");
        held.Answer();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create);
        Assert.Contains(engine.Requests, r => r.EndsWith("/networks/net1", StringComparison.Ordinal));
    }

    private static EngineClient Client(FakeEngineSocket engine) =>
        new(EngineDialect.Docker, EngineEndpoint.Resolve(EngineDialect.Docker, engine.SocketPath), Patience, NullLogger.Instance);

    /// <summary>Answers the create at <c>path</c> only when told to; every other request at once.</summary>
    private sealed class HeldAnswer(string path, string body) : IDisposable
    {
        private readonly ManualResetEventSlim _asked = new();
        private readonly ManualResetEventSlim _answer = new();

        public (int Status, string Body) Respond(string method, string requested)
        {
            if (!requested.EndsWith(path, StringComparison.Ordinal)) return (method == "DELETE" ? 204 : 200, "{}");
            _asked.Set();
            _answer.Wait(Patience, TestContext.Current.CancellationToken);
            return (201, body);
        }

        // Cancels once the engine has the request, then gives a cut-off call time to (wrongly) return.
        public async Task CancelOnceAskedAsync(CancellationTokenSource cancellation)
        {
            Assert.True(_asked.Wait(Patience, TestContext.Current.CancellationToken), $"the engine was never asked for {path}");
            await cancellation.CancelAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        }

        public void Answer() => _answer.Set();

        public void Dispose()
        {
            _answer.Set();
            _asked.Dispose();
            _answer.Dispose();
        }
    }
}
