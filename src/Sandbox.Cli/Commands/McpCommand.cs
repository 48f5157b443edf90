using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;
using Sandbox.Core;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox mcp</c>: serves the sandbox tools to an AI agent over MCP on stdin/stdout until the client closes stdin
/// (or SIGINT/SIGTERM). stdout carries only the protocol: every log line goes to stderr. The sessions the client
/// created are removed when it goes.
/// </summary>
internal static class McpCommand
{
    public static Command Create(CliConsole console)
    {
        var executor = new Option<string?>("--executor", "-x") { Description = "Executor the tools run on (default from config, else docker)." };
        var command = new Command("mcp", "Serve the sandbox tools (run_code, run_command, session_*) to an AI agent over MCP on stdio.") { executor };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            using var loggers = RuntimeFactory.CreateLoggerFactory(parse, console);
            await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
            var services = new ServiceCollection();
            services.AddSingleton(loggers);
            services.AddLogging();
            services.AddSingleton(runtime);
            services.AddSandboxMcp(options =>
            {
                options.SingleConnection = true;
                options.Executor = parse.GetValue(executor);
            }).WithStdioServerTransport();

            // Disposing the provider removes every session the client left open.
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<McpServer>().RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }, parse.GetValue(executor)));
        return command;
    }
}
