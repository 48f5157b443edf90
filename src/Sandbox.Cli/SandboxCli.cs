using System.CommandLine;
using Sandbox.Cli.Commands;

namespace Sandbox.Cli;

/// <summary>The <c>sandbox</c> command tree. Invokable in-process so tests exercise exactly what users run.</summary>
internal static class SandboxCli
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("Run code and commands in sandboxes: Docker, Podman, host process or any executor plugin.")
        {
            CommonOptions.Config,
            CommonOptions.Verbose,
            CommonOptions.NoServer,
            RunCommand.Create(console),
            ExecCommand.Create(console),
            TemplatesCommand.Create(console),
            RenderCommand.Create(console),
            ValidateCommand.Create(console),
            ValidateConfigCommand.Create(console),
            PluginsCommand.Create(console),
            DoctorCommand.Create(console),
            CleanupCommand.Create(console),
            Commands.Sessions.SessionCommands.Create(console),
            ServeCommand.Create(console),
            TopCommand.Create(console),
            McpCommand.Create(console),
        };
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
        var parse = Build(console).Parse(args);
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
