using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using Sandbox.Mcp;
using Sandbox.Mcp.Sessions;
using Sandbox.Mcp.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sandbox MCP server: one set of tool definitions for every transport.</summary>
public static class SandboxMcpServiceCollectionExtensions
{
    private const string Instructions =
        "Sandboxed code execution. Use run_code for a snippet (python, node, bash) and run_command for one command; both run in a fresh, " +
        "locked-down sandbox that is removed afterwards. For several steps on the same files, session_create a session, then session_write_files, " +
        "session_exec, session_run_tests and session_read_file, and session_close it when done. Nothing on the host is reachable.";

    /// <summary>
    /// Adds the MCP server with the sandbox tools (run_code, run_command, session_*), without a transport: add one with
    /// <c>WithStdioServerTransport()</c> (set <see cref="SandboxMcpOptions.SingleConnection"/>) or
    /// <c>WithSandboxHttpTransport()</c> (Sandbox.Mcp.AspNetCore). The tools need a <see cref="Sandbox.Core.SandboxRuntime"/> singleton
    /// (<c>AddSandbox()</c>, or an instance). A host that bounds callers registers an <see cref="IMcpCallerAdmission"/>.
    /// </summary>
    public static IMcpServerBuilder AddSandboxMcp(this IServiceCollection services, Action<SandboxMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SandboxMcpOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton<ConnectionSessions>();
        services.TryAddSingleton<ToolRequests>();
        services.TryAddSingleton<ToolGuard>();
        // A host with tenants (the server) registers its own after this call; the last registration wins.
        services.TryAddSingleton<IMcpCallerAdmission, NoCallerAdmission>();
        return services
            .AddMcpServer(server =>
            {
                server.ServerInfo = new Implementation { Name = "sandbox", Version = Version };
                server.ServerInstructions = Instructions;
            })
            .WithTools<RunTools>(McpJson.Options)
            .WithTools<SessionTools>(McpJson.Options)
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolArgumentCheck.Filter));
    }

    private static string Version =>
        typeof(SandboxMcpOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
