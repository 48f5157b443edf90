namespace Microsoft.AspNetCore.Builder;

using Microsoft.AspNetCore.Routing;

/// <summary>Maps the sandbox MCP endpoint in an ASP.NET Core application.</summary>
public static class SandboxMcpEndpointRouteBuilderExtensions
{
    /// <summary>The path the sandbox server serves MCP on.</summary>
    public const string DefaultPattern = "/mcp";

    /// <summary>
    /// Maps Streamable HTTP MCP at <paramref name="pattern"/> (needs <c>AddSandboxMcp().WithSandboxHttpTransport()</c>).
    /// Returns the endpoints so the host can require its token (<c>RequireAuthorization</c> or an endpoint filter).
    /// </summary>
    public static IEndpointConventionBuilder MapSandboxMcp(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapMcp(pattern);
    }
}
