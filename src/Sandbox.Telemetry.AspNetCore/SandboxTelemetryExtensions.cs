using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Sandbox.Telemetry.AspNetCore;

/// <summary>
/// Telemetry for a server that hosts the framework. Call <see cref="AddSandboxTelemetry"/> on the services and
/// <see cref="MapSandboxMetrics"/> on the application.
/// </summary>
public static class SandboxTelemetryExtensions
{
    /// <summary>The path Prometheus scrapes by default.</summary>
    public const string DefaultMetricsPath = "/metrics";

    /// <summary>
    /// Registers OpenTelemetry with the framework's spans and metrics plus ASP.NET Core's (an incoming W3C
    /// <c>traceparent</c> becomes the parent of the request's span, and so of every run it starts; request duration by
    /// route and status code), the Prometheus exporter for <see cref="MapSandboxMetrics"/>, and OTLP export of both when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (configured by the standard <c>OTEL_*</c> variables).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="serviceName">The service name when <c>OTEL_SERVICE_NAME</c> does not give one.</param>
    /// <param name="node">The server's node name, put on every framework span (<c>sandbox.node</c>); <c>null</c>: none.</param>
    public static IServiceCollection AddSandboxTelemetry(this IServiceCollection services, string serviceName = "sandbox-server", string? node = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDefaultService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSandboxInstrumentation().AddAspNetCoreInstrumentation();
                if (node is not null) tracing.AddSandboxNode(node);
            })
            .WithMetrics(metrics => metrics.AddSandboxInstrumentation().AddAspNetCoreInstrumentation().AddPrometheusExporter());
        if (OtlpExport.IsConfigured) builder.UseOtlpExporter();
        return services;
    }

    /// <summary>
    /// Serves the metrics in Prometheus text format at <paramref name="path"/>. Needs <see cref="AddSandboxTelemetry"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapSandboxMetrics(this IEndpointRouteBuilder endpoints, string path = DefaultMetricsPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPrometheusScrapingEndpoint(path);
    }
}
