namespace Sandbox.Engines.DockerApi;

/// <summary>How an engine creates a run's egress network with a bridge of a name we choose (the fence matches it).</summary>
public enum EgressNetworkCreation
{
    /// <summary>The engine cannot name a network's bridge: allow-lists are refused.</summary>
    Unsupported = 0,

    /// <summary>
    /// Docker's network create with <c>com.docker.network.bridge.name</c>, <c>--internal</c> (no route out) under
    /// the fence.
    /// </summary>
    DockerBridgeOption = 1,

    /// <summary>
    /// Podman's own <c>/libpod/networks/create</c> with <c>network_interface</c>, not internal: its internal networks
    /// have no gateway address (CNI <c>isGateway=false</c>) for the proxy to listen on, so the fence alone keeps the
    /// sandbox in. Not the compatible create either: it adds CNI's <c>isolate</c>, whose iptables rules outlive the network.
    /// </summary>
    Libpod = 2,
}
