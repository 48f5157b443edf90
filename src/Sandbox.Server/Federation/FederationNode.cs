using Sandbox.Core.Configuration;
using Sandbox.Core.Results;

namespace Sandbox.Server.Federation;

/// <summary>
/// This server's identity in a federation: its node name (in every result's <c>node</c> and in every session id it hands
/// out), and the one rule for session ids that name their node: <c>ID@NODE</c>.
/// </summary>
internal sealed class FederationNode(FederationConfig config)
{
    /// <summary>The separator between a session's own id and its node's name (never part of either).</summary>
    public const char SessionSeparator = '@';

    /// <summary>This node's name: <c>server.federation.node</c>, else <c>SANDBOX_NODE</c>, else the host name.</summary>
    public string Name { get; } = config.Node
                                  ?? (Environment.GetEnvironmentVariable("SANDBOX_NODE") is { Length: > 0 } fromEnvironment ? fromEnvironment : Environment.MachineName);

    /// <summary>The federation's settings.</summary>
    public FederationConfig Config => config;

    /// <summary>The id a client sees for local session <paramref name="id"/>: qualified with this node when peers exist.</summary>
    public string Qualify(string id) => config.Enabled ? $"{id}{SessionSeparator}{Name}" : id;

    /// <summary>Splits a session id a client sent into the runtime's id and the node it names (<c>null</c>: this node).</summary>
    public (string Id, string? Node) Parse(string qualified)
    {
        var at = qualified.LastIndexOf(SessionSeparator);
        if (at <= 0) return (qualified, null);
        var node = qualified[(at + 1)..];
        return (qualified[..at], node == Name ? null : node);
    }

    /// <summary>The runtime's id of a session on this node.</summary>
    public string LocalId(string qualified) => Parse(qualified).Id;

    /// <summary><paramref name="document"/> naming this node.</summary>
    public ResultJson.ResultDocument Stamp(ResultJson.ResultDocument document) => document with { Node = Name };

    /// <inheritdoc cref="Stamp(ResultJson.ResultDocument)"/>
    public ExecJson.ExecDocument Stamp(ExecJson.ExecDocument document) => document with { Execution = Stamp(document.Execution) };

    /// <inheritdoc cref="Stamp(ResultJson.ResultDocument)"/>
    public SessionJson.TestDocument Stamp(SessionJson.TestDocument document) => document with { Execution = Stamp(document.Execution) };

    /// <inheritdoc cref="Stamp(ResultJson.ResultDocument)"/>
    public SessionJson.BuildDocument Stamp(SessionJson.BuildDocument document) => document with { Execution = Stamp(document.Execution) };
}
