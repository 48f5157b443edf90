using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sandbox.Server.Security;

namespace Sandbox.Server.Hosting;

/// <summary>
/// One line per call on the API or MCP once it ends (the probes and <c>/metrics</c> are left out): the tenant, method,
/// path, status and time taken. Who did what, in the server's own log, and nothing of the body: commands, code and
/// files may carry secrets.
/// </summary>
internal sealed class AccessLog(RequestDelegate next, ILogger<AccessLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!TenantMiddleware.IsProtected(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var (tenant, method, path, elapsed) = (TenantMiddleware.TenantOrNull(context) ?? "-", context.Request.Method, context.Request.Path,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (context.RequestAborted.IsCancellationRequested)
                logger.LogInformation("{Tenant} {Method} {Path}: the client went away after {ElapsedMs} ms", tenant, method, path, elapsed);
            else
                logger.LogInformation("{Tenant} {Method} {Path} {Status} in {ElapsedMs} ms", tenant, method, path, context.Response.StatusCode, elapsed);
        }
    }
}
