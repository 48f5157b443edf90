using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sandbox.Core.Configuration;
using Sandbox.Server.Problems;

namespace Sandbox.Server.Security;

/// <summary>
/// Decides who is calling a <c>/v1</c> endpoint or the MCP endpoint (<c>/mcp</c>). On TCP a valid <c>Authorization: Bearer</c> token is required (401
/// otherwise). On the Unix socket, whose file mode already limits who connects, a token is optional: a valid one names
/// the tenant, none means <see cref="LocalTenant"/>, a wrong one is still 401. Then the tenant's body limit applies.
/// </summary>
internal sealed class TenantMiddleware(RequestDelegate next, ServerCredentials credentials, ServerConfig config)
{
    /// <summary>The tenant of unauthenticated callers on the Unix socket.</summary>
    public const string LocalTenant = "local";

    private const string ItemKey = "sandbox.tenant";

    // The authentication type of the request's user: any non-empty one marks the identity as authenticated.
    private const string AuthenticationType = "SandboxToken";

    /// <summary>The tenant the current request was authenticated as.</summary>
    public static string TenantOf(HttpContext context) =>
        TenantOrNull(context) ?? throw new InvalidOperationException("the request did not pass TenantMiddleware");

    /// <summary>The tenant the current request was authenticated as, or <c>null</c> when it was not (yet).</summary>
    public static string? TenantOrNull(HttpContext context) => context.Items[ItemKey] as string;

    /// <summary>The tenant of a user this middleware authenticated (an MCP call carries the user of its HTTP request).</summary>
    public static string TenantOf(ClaimsPrincipal? user) =>
        user?.Identities.FirstOrDefault(i => i.AuthenticationType == AuthenticationType)?.FindFirst(ClaimTypes.NameIdentifier)?.Value
        ?? throw new InvalidOperationException("the call did not pass TenantMiddleware");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsProtected(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var tenant = Authenticate(context);
        if (tenant is null)
        {
            await Problems.Problems.WriteAsync(context, Problems.Problems.Create(Problems.Problems.Unauthorized, StatusCodes.Status401Unauthorized,
                "A valid 'Authorization: Bearer <token>' header is required (a token from the server's --token-file).")).ConfigureAwait(false);
            return;
        }

        context.Items[ItemKey] = tenant;
        // As the request's user, the tenant reaches the MCP tools, and the MCP SDK binds each MCP session to it: another
        // tenant's token on the same Mcp-Session-Id is refused (403).
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, tenant)], AuthenticationType));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            body.MaxRequestBodySize = config.QuotaFor(tenant).BodyLimitBytes;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="path"/> is one a caller can run something through (the probes, the OpenAPI document and /metrics stay open).</summary>
    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal) || path.StartsWithSegments("/mcp", StringComparison.Ordinal);

    private string? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        // Kestrel reports no IP addresses for a Unix-socket connection.
        var unixSocket = context.Connection.LocalIpAddress is null && context.Connection.RemoteIpAddress is null;
        if (header.Length == 0) return unixSocket ? LocalTenant : null;
        const string Scheme = "Bearer ";
        var tokens = credentials.Tokens.Current;
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && tokens.Any ? tokens.Authenticate(header[Scheme.Length..].Trim()) : null;
    }
}
