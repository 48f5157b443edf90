using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Telemetry;

/// <summary>Subscribes OpenTelemetry providers to the framework's <see cref="SandboxTelemetry.Source"/> and meter.</summary>
public static class SandboxInstrumentation
{
    /// <summary>Adds the framework's spans (runs, validations, phases, session commands).</summary>
    public static TracerProviderBuilder AddSandboxInstrumentation(this TracerProviderBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSource(SandboxTelemetry.Name);

    /// <summary>Adds the framework's metrics (runs, durations, outcomes, live sandboxes, pools).</summary>
    public static MeterProviderBuilder AddSandboxInstrumentation(this MeterProviderBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddMeter(SandboxTelemetry.Name);
}
