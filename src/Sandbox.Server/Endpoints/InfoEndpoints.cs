using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Core;
using Sandbox.Core.Harness;
using Sandbox.Core.Plugins;
using Sandbox.Server.Contracts;

namespace Sandbox.Server.Endpoints;

/// <summary><c>/healthz</c>, <c>/readyz</c> (no auth), <c>GET /v1/plugins</c> and <c>GET /v1/templates</c>.</summary>
internal static class InfoEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(10);

    public static void MapProbes(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (Func<HttpContext, Task>)(context => HttpJson.WriteAsync(context, new HealthDocument("ok"), ServerJson.Context.HealthDocument)))
            .WithTags("probes").WithName("healthz").WithSummary("The process is alive.").Produces<HealthDocument>();
        app.MapGet("/readyz", new Func<HttpContext, Task>(ReadyAsync))
            .WithTags("probes").WithName("readyz").WithSummary("The default executor's engine answers and runs are not refused (every executor's health listed).")
            .Produces<HealthDocument>().Produces<HealthDocument>(StatusCodes.Status503ServiceUnavailable);
    }

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/plugins", (Func<HttpContext, Task>)(async context =>
            {
                var runtime = context.RequestServices.GetRequiredService<SandboxRuntime>();
                var plugins = await PluginStatus.DescribeAsync(runtime.Plugins.Plugins, context.RequestAborted).ConfigureAwait(false);
                await HttpJson.WriteAsync(context, plugins, ServerJson.Context.IReadOnlyListPluginStatus).ConfigureAwait(false);
            }))
            .WithTags("catalog").WithName("plugins").WithSummary("Plugins with version, load context, path and health (as 'sandbox plugins --json').")
            .Produces<IReadOnlyList<PluginStatus>>();
        api.MapGet("/templates", (Func<HttpContext, Task>)(context =>
                HttpJson.WriteAsync(context, TemplateListing.Of(context.RequestServices.GetRequiredService<SandboxRuntime>().Templates), ServerJson.Context.TemplateListing)))
            .WithTags("catalog").WithName("templates").WithSummary("Harness templates (as 'sandbox templates --json').")
            .Produces<TemplateListing>();
    }

    private static async Task ReadyAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<SandboxRuntime>();
        var executors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var ready = false;
        foreach (var (name, executor) in runtime.Plugins.Executors)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(ReadinessTimeout);
            try
            {
                var health = await executor.HealthCheckAsync(timeout.Token).ConfigureAwait(false);
                executors[name] = (health.Healthy ? "healthy: " : "unhealthy: ") + health.Summary;
                if (health.Healthy && string.Equals(name, runtime.DefaultExecutor, StringComparison.OrdinalIgnoreCase)) ready = true;
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                executors[name] = $"unhealthy: {Sandbox.Abstractions.ExecutionError.FromException(ex).Message}";
            }
        }

        // A server that refuses every run is not ready, so that clients and peers pick another.
        var refused = runtime.FailedValidator is { } failed ? new ValidatorNotLoadedException(failed.Name, failed.Error!).Message : null;
        ready &= refused is null;
        await HttpJson.WriteAsync(context, new HealthDocument(ready ? "ok" : "unavailable", executors, refused), ServerJson.Context.HealthDocument,
            ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
    }
}
