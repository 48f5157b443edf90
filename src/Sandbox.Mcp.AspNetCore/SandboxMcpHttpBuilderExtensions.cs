using ModelContextProtocol.AspNetCore;
using Sandbox.Mcp.Sessions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Serves the sandbox MCP tools (<c>AddSandboxMcp</c>) over Streamable HTTP.</summary>
public static class SandboxMcpHttpBuilderExtensions
{
    /// <summary>
    /// Serves the tools over Streamable HTTP (map the endpoint with <c>MapSandboxMcp</c>). Connections are stateful MCP
    /// sessions, since sessions belong to the connection that made them; when one ends (the client's DELETE, or its idle
    /// timeout) its sandbox sessions are removed.
    /// </summary>
    public static IMcpServerBuilder WithSandboxHttpTransport(this IMcpServerBuilder builder, Action<HttpServerTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithHttpTransport(http =>
        {
            http.SessionMode = HttpServerSessionMode.Stateful;
#pragma warning disable MCPEXP002 // RunSessionHandler is experimental; it is the SDK's only hook on a session's end.
            http.RunSessionHandler = async (context, server, cancellationToken) =>
            {
                var sessions = context.RequestServices.GetRequiredService<ConnectionSessions>();
                try
                {
                    await server.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (server.SessionId is { } id) await sessions.CloseConnectionAsync(id).ConfigureAwait(false);
                }
            };
#pragma warning restore MCPEXP002
            configure?.Invoke(http);
        });
    }
}
