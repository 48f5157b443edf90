using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Server.Contracts;
using Sandbox.Server.Endpoints;
using Sandbox.Server.Runs;
using Sandbox.Server.Security;

namespace Sandbox.Server.Federation;

/// <summary><c>GET /v1/federation/load</c>: the cheap question peers ask before forwarding a run here.</summary>
internal static class FederationEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/federation/load", new Func<HttpContext, Task>(LoadAsync))
            .WithTags("federation").WithName("load").WithSummary("This node's room for the caller's tenant (free run slots, queued runs), for peers and balancing clients.")
            .Produces<NodeLoad>();
    }

    private static Task LoadAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var tracker = services.GetRequiredService<RunTracker>();
        var (free, queued) = services.GetRequiredService<TenantQuotas>().LoadOf(TenantMiddleware.TenantOf(context));
        var stopping = tracker.Stopping;
        var load = new NodeLoad(services.GetRequiredService<FederationNode>().Name, stopping ? 0 : free, queued, tracker.Running, stopping);
        return HttpJson.WriteAsync(context, load, ServerJson.Context.NodeLoad);
    }
}
