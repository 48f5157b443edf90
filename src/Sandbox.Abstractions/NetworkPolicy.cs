namespace Sandbox.Abstractions;

/// <summary>Network access granted to the workload. The default is <see cref="None"/>.</summary>
public enum NetworkPolicy
{
    /// <summary>No network at all, not even loopback to the host (the secure default).</summary>
    None = 0,

    /// <summary>Outbound access through an isolated bridge network.</summary>
    Bridge = 1,

    /// <summary>The host's own network stack. Dangerous: the workload can reach every host-local service.</summary>
    Host = 2,
}
