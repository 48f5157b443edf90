using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sandbox.Cli.Commands;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Core.Harness;

namespace Sandbox.Cli;

/// <summary>Builds the runtime for a command from its --config and --verbose options.</summary>
internal static class RuntimeFactory
{
    /// <summary>
    /// Loads configuration and plugins (compiling source plugins, or taking them from the cache). The native build
    /// cannot: it hands the command to the managed CLI instead (nothing has been read or printed yet).
    /// </summary>
    public static Task<SandboxRuntime> CreateAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken) =>
        CliBuild.InProcessRuns ? CreateInProcessAsync(parse, console, cancellationToken) : ManagedCliHandOff.Exec<Task<SandboxRuntime>>();

    private static Task<SandboxRuntime> CreateInProcessAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        // A CLI process runs one request and exits: warming a pool would only start sandboxes it never uses. The user's
        // plugin folder is the CLI's documented place for plugins the user installed (library users opt in).
        var options = new SandboxOptions { ConfigPath = parse.GetValue(CommonOptions.Config), Pool = Core.Pooling.PoolOptions.Disabled, IncludeUserPlugins = true };
        return SandboxRuntime.CreateAsync(options, CreateLoggerFactory(parse, console), cancellationToken);
    }

    /// <summary>Loads only the harness templates (no plugins), for commands that never run anything.</summary>
    public static TemplateCatalog LoadTemplates(ParseResult parse) =>
        CliBuild.InProcessRuns ? LoadTemplatesInProcess(parse) : ManagedCliHandOff.Exec<TemplateCatalog>();

    private static TemplateCatalog LoadTemplatesInProcess(ParseResult parse)
    {
        var config = SandboxConfigLoader.LoadOrDefault(parse.GetValue(CommonOptions.Config));
        return TemplateCatalog.Load(TemplateCatalog.Folders(config.TemplateFolders));
    }

    /// <summary>Loggers that write to stderr (debug with --verbose, else warnings and errors).</summary>
    public static ILoggerFactory CreateLoggerFactory(ParseResult parse, CliConsole console)
    {
        var minimum = parse.GetValue(CommonOptions.Verbose) ? LogLevel.Debug : LogLevel.Warning;
        var filter = new LoggerFilterOptions { MinLevel = minimum };
        // A pull can take minutes: its progress shows even without --verbose.
        filter.Rules.Add(new LoggerFilterRule(null, Sandbox.Abstractions.Diagnostics.SandboxTelemetry.ImagePullLog, minimum < LogLevel.Information ? minimum : LogLevel.Information, null));
        // Built directly, not with LoggerFactory.Create: that builds a service provider, a cost every CLI run would pay.
        return new LoggerFactory([new StderrLoggerProvider(console.Error)], filter);
    }
}
