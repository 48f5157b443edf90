[assembly: AssemblyFixture(typeof(Sandbox.Server.Tests.SharedServer))]

namespace Sandbox.Server.Tests;

/// <summary>One server for the tests that need no server of their own (tests that stop or kill a server start their own).</summary>
public sealed class SharedServer : IAsyncLifetime
{
    private ServerProcess? _server;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
