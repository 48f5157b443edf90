using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Core;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Commands.Sessions;

/// <summary>
/// <c>sandbox session ...</c>: long-lived sandboxes a shell script can drive. <c>create</c> prints an id; every other
/// subcommand is a new process that finds the session on the engines by its labels.
/// </summary>
internal static class SessionCommands
{
    public static Command Create(CliConsole console)
    {
        var session = new Command("session", "Create and drive long-lived sandboxes (sessions): create, exec, apply, test, build, stats, cp-in, cp-out, list, rm.");
        foreach (var sub in new[]
                 {
                     SessionCreateCommand.Create(console), SessionExecCommand.Create(console), SessionFileCommands.Apply(console),
                     SessionReportCommands.Test(console), SessionReportCommands.Build(console), SessionReportCommands.Stats(console),
                     SessionFileCommands.CopyIn(console), SessionFileCommands.CopyOut(console), SessionAdminCommands.List(console), SessionAdminCommands.Remove(console),
                 })
        {
            session.Add(sub);
        }

        return session;
    }

    /// <summary>The session id argument.</summary>
    public static Argument<string> Id() => new("id") { Description = "The session id (printed by 'sandbox session create')." };

    /// <summary>Which executor has the session; all are searched by default.</summary>
    public static Option<string?> Executor() => new("--executor", "-x") { Description = "Executor that runs the session (default: search every executor)." };

    /// <summary>Opens the session <paramref name="id"/> (a handle only: it is never disposed here, so the session stays).</summary>
    public static Task<ISandboxSession> OpenAsync(SandboxRuntime runtime, string id, string? executor, CancellationToken cancellationToken) =>
        runtime.OpenSessionAsync(id, executor, cancellationToken);

    /// <summary>
    /// Runs a subcommand's work on the session <paramref name="id"/>: through the server when one is used (see
    /// <see cref="ServerTarget"/>), else on the session opened in this process.
    /// </summary>
    public static async Task<T> WithSessionAsync<T>(ParseResult parse, CliConsole console, Argument<string> id, Option<string?> executor,
        Func<ServerTarget, CancellationToken, Task<T>> remote, Func<ISandboxSession, CancellationToken, Task<T>> local, CancellationToken cancellationToken)
    {
        using (var server = ServerTarget.Resolve(parse, console))
        {
            if (server is not null) return await remote(server, cancellationToken).ConfigureAwait(false);
        }

        await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
        var session = await OpenAsync(runtime, parse.GetRequiredValue(id), parse.GetValue(executor), cancellationToken).ConfigureAwait(false);
        return await local(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a duration option, naming it in the error.</summary>
    public static TimeSpan? Time(string option, string? text) =>
        text is null ? null
        : Duration.TryParse(text, out var duration, out var error) ? duration
        : throw new SandboxConfigurationException("command line", option, error);

    /// <summary>Parses a byte-size option, naming it in the error.</summary>
    public static long? Size(string option, string? text) =>
        text is null ? null
        : ByteSize.TryParse(text, out var bytes, out var error) ? bytes
        : throw new SandboxConfigurationException("command line", option, error);
}
