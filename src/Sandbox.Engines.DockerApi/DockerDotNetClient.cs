using Docker.DotNet;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Docker.DotNet's client with its configuration. A class of its own so that an engine client that never calls it
/// (a loaded executor no run asks for) does not even load Docker.DotNet.
/// </summary>
internal sealed class DockerDotNetClient : IDisposable
{
    private readonly DockerClientConfiguration _configuration;

    public DockerDotNetClient(EngineEndpoint endpoint, Version? apiVersion)
    {
        // Per-call timeouts are ours (EngineClient.CallAsync); Docker.DotNet's own would surface as a bare cancellation.
        _configuration = new DockerClientConfiguration(endpoint.Uri, defaultTimeout: Timeout.InfiniteTimeSpan);
        Client = _configuration.CreateClient(apiVersion);
    }

    public DockerClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _configuration.Dispose();
    }
}
