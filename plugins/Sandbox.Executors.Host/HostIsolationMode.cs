using System.Text.Json.Serialization;

namespace Sandbox.Executors.Host;

/// <summary>The strongest kind of isolation the host executor may use; it uses the strongest this machine allows up to it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HostIsolationMode>))]
public enum HostIsolationMode
{
    /// <summary>Bubblewrap namespaces (mount, pid, network, ipc, uts) plus everything below. The default.</summary>
    Namespaces = 0,

    /// <summary>No namespaces: rlimits, cgroups and a dropped user only.</summary>
    Process = 1,

    /// <summary>A plain child process: no limits beyond the timeout and output caps.</summary>
    None = 2,
}
