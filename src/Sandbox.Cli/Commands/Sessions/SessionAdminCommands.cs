using System.CommandLine;
using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;

namespace Sandbox.Cli.Commands.Sessions;

/// <summary><c>sandbox session list|rm</c>.</summary>
internal static class SessionAdminCommands
{
    public static Command List(CliConsole console)
    {
        var executor = SessionCommands.Executor();
        var command = new Command("list", "List sessions on every engine (id, executor, state, expiry, image).") { executor, CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            IReadOnlyList<SessionInfo> sessions;
            using (var server = ServerTarget.Resolve(parse, console))
            {
                if (server is not null)
                {
                    // The server lists the token's tenant's sessions only.
                    sessions = [.. (await RemoteSession.ListAsync(server, cancellationToken).ConfigureAwait(false)).Where(s => parse.GetValue(executor) is not { } x || s.Executor == x)];
                }
                else
                {
                    await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
                    sessions = await runtime.ListSessionsAsync(parse.GetValue(executor), cancellationToken).ConfigureAwait(false);
                }
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(sessions));
                return ExitCodes.Success;
            }

            console.Out.WriteLine($"{"ID",-14} {"EXECUTOR",-9} {"STATE",-8} {"EXPIRES",-21} IMAGE");
            foreach (var s in sessions)
            {
                var expires = s.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "with its owner";
                console.Out.WriteLine($"{s.Id,-14} {s.Executor,-9} {(s.Running ? "running" : "stopped"),-8} {expires,-21} {s.Image}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Remove(CliConsole console)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var command = new Command("rm", "Remove a session and everything created for it.") { id, executor };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await SessionCommands.WithSessionAsync(parse, console, id, executor,
                async (server, ct) =>
                {
                    await RemoteSession.DeleteAsync(server, parse.GetRequiredValue(id), ct).ConfigureAwait(false);
                    return true;
                },
                async (session, _) =>
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"removed {parse.GetRequiredValue(id)}");
            return ExitCodes.Success;
        }, parse.GetValue(executor)));
        return command;
    }
}
