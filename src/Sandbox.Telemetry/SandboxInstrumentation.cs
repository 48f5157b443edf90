using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Telemetry;

/// <summary>Subscribes OpenTelemetry providers to the framework's <see cref="SandboxTelemetry.Source"/> and meter.</summary>
public static class SandboxInstrumentation
{
    /// <summary>
    /// The MCP SDK's activity source. The SDK starts a server span per MCP request only while this source is listened to,
    /// and that span continues the agent's trace from the request's <c>_meta.traceparent</c>: a tool's runs become its
    /// children. Without a listener the runs would hang off whichever HTTP request happened to carry the message.
    /// </summary>
    public const string McpSourceName = "Experimental.ModelContextProtocol";

    /// <summary>
    /// Adds the framework's spans (runs, validations, phases, session commands) and the MCP SDK's request spans
    /// (<see cref="McpSourceName"/>), which carry an agent's W3C trace context into the tools' runs.
    /// </summary>
    public static TracerProviderBuilder AddSandboxInstrumentation(this TracerProviderBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSource(SandboxTelemetry.Name, McpSourceName);

    /// <summary>Tags every framework span with <paramref name="node"/> (<see cref="SandboxTelemetry.NodeAttribute"/>): the server's name in a federation.</summary>
    public static TracerProviderBuilder AddSandboxNode(this TracerProviderBuilder builder, string node)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(node);
        return builder.AddProcessor(new NodeTagger(node));
    }

    /// <summary>Adds the framework's metrics (runs, durations, outcomes, live sandboxes, pools).</summary>
    public static MeterProviderBuilder AddSandboxInstrumentation(this MeterProviderBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddMeter(SandboxTelemetry.Name);
}
