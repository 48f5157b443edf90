using System.CommandLine;
using Sandbox.Cli.Commands;

namespace Sandbox.Cli;

/// <summary>The <c>sandbox</c> command tree. Invokable in-process so tests exercise exactly what users run.</summary>
internal static class SandboxCli
{
    // The commands a server can serve: all the native build has.
    private static (string Name, Func<CliConsole, Command> Create)[] ThroughServer =>
    [
        ("run", RunCommand.Create),
        ("exec", ExecCommand.Create),
        ("session", Sandbox.Cli.Commands.Sessions.SessionCommands.Create),
    ];

    // Each top-level command by name: a request that names one builds only that one (the whole tree is a fifth of a
    // short run's start-up); anything else (help, a typo, an option first) gets the whole tree. Methods, not fields,
    // so that the trimmer drops the other commands from the native build.
    private static (string Name, Func<CliConsole, Command> Create)[] TopLevel() => !CliBuild.InProcessRuns ? ThroughServer :
    [
        .. ThroughServer,
        ("templates", TemplatesCommand.Create),
        ("render", RenderCommand.Create),
        ("validate", ValidateCommand.Create),
        ("validate-config", ValidateConfigCommand.Create),
        ("plugins", PluginsCommand.Create),
        ("doctor", DoctorCommand.Create),
        ("cleanup", CleanupCommand.Create),
        ("serve", ServeCommand.Create),
        ("daemon", DaemonCommand.Create),
        ("top", TopCommand.Create),
        ("mcp", McpCommand.Create),
    ];

    /// <summary>The command tree; with <paramref name="args"/> whose first word names a command, only that branch.</summary>
    public static RootCommand Build(CliConsole console, IReadOnlyList<string>? args = null)
    {
        var root = new RootCommand("Run code and commands in sandboxes: Docker, Podman, host process or any executor plugin.")
        {
            CommonOptions.Config,
            CommonOptions.Verbose,
            CommonOptions.Host,
            CommonOptions.NoServer,
        };
        var commands = TopLevel();
        var named = args is [var first, ..] ? Array.FindAll(commands, c => c.Name == first) : [];
        foreach (var (name, create) in named.Length > 0 ? named : commands)
        {
            var command = create(console);
            // The table's name is how a request finds its branch: it must be the command's own.
            if (command.Name != name) throw new InvalidOperationException($"command table names '{name}' for '{command.Name}'");
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>What <c>--version</c> prints: the informational version, as System.CommandLine's own option prints it.</summary>
    public static string Version =>
        typeof(SandboxCli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Answers a lone <c>--version</c> without building the command tree (a third of the process's start-up): the
    /// request is known from the arguments alone. Returns whether it did.
    /// </summary>
    public static bool TryAnswerVersion(string[] args, CliConsole console)
    {
        if (args is not ["--version"]) return false;
        console.Out.WriteLine(Version);
        return true;
    }

    /// <summary>Parses and runs <paramref name="args"/>. A parse error is a framework error (125) with one line on stderr.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var parse = Build(console, args).Parse(args);
        // The native build knows only part of the tree: help, a command it does not have, or a mistake the managed CLI
        // reports in its own words all go there.
        if (!CliBuild.InProcessRuns && (parse.Errors.Count > 0 || parse.CommandResult.Command is RootCommand)) ManagedCliHandOff.Exec();
        if (parse.Errors.Count > 0)
        {
            console.Report($"{string.Join("; ", parse.Errors.Select(e => e.Message).Distinct())} (see 'sandbox --help')");
            return ExitCodes.FrameworkError;
        }

        // Termination signals are handled by Program, which lets cleanup finish (see there).
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
