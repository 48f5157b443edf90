using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sandbox.Telemetry;

/// <summary>
/// OTLP export configured by OpenTelemetry's standard environment variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, ...). Nothing is
/// exported, and nothing is set up, unless the endpoint variable is set.
/// </summary>
public static class OtlpExport
{
    /// <summary>The variable that turns export on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Whether <see cref="EndpointVariable"/> is set.</summary>
    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));

    /// <summary>Names the service <paramref name="defaultServiceName"/> unless <c>OTEL_SERVICE_NAME</c> does.</summary>
    public static ResourceBuilder AddDefaultService(this ResourceBuilder resource, string defaultServiceName) =>
        Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } ? resource : resource.AddService(defaultServiceName);

    /// <summary>
    /// For a short-lived process (the CLI): exports the framework's spans and metrics over OTLP until disposed (which
    /// flushes). <c>null</c> when <see cref="EndpointVariable"/> is not set.
    /// </summary>
    /// <param name="serviceName">The service name when <c>OTEL_SERVICE_NAME</c> does not give one.</param>
    public static IDisposable? StartFromEnvironment(string serviceName = "sandbox")
    {
        if (!IsConfigured) return null;
        var tracer = Sdk.CreateTracerProviderBuilder().ConfigureResource(r => r.AddDefaultService(serviceName)).AddSandboxInstrumentation().AddOtlpExporter().Build();
        var meter = Sdk.CreateMeterProviderBuilder().ConfigureResource(r => r.AddDefaultService(serviceName)).AddSandboxInstrumentation().AddOtlpExporter().Build();
        return new Providers(tracer, meter);
    }

    private sealed class Providers(TracerProvider? tracer, MeterProvider? meter) : IDisposable
    {
        public void Dispose()
        {
            tracer?.Dispose();
            meter?.Dispose();
        }
    }
}
