using System.Diagnostics;
using OpenTelemetry;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Telemetry;

/// <summary>
/// Puts the server's node name (<see cref="SandboxTelemetry.NodeAttribute"/>) on every framework span as it starts, so a
/// trace that crosses a federation (a run forwarded to a peer) shows which node ran what. Core does not know the node:
/// the host that does adds this processor.
/// </summary>
internal sealed class NodeTagger(string node) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.Source.Name == SandboxTelemetry.Name) data.SetTag(SandboxTelemetry.NodeAttribute, node);
    }
}
