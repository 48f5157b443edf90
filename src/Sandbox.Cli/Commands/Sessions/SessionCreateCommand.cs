using System.CommandLine;
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Commands.Sessions;

/// <summary>
/// <c>sandbox session create [run options] [--workspace DIR] [--ttl 30m]</c>: starts a detached session (it outlives
/// this process and expires after its time to live) and prints its id.
/// </summary>
internal static class SessionCreateCommand
{
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(30);

    public static Command Create(CliConsole console)
    {
        var options = new RequestOptions();
        var workspace = new Option<string?>("--workspace") { Description = "Host folder copied into the working directory." };
        var ttl = new Option<string?>("--ttl") { Description = "Time to live, e.g. 30m (default), 2h: then it stops and 'sandbox cleanup' removes it." };
        var command = new Command("create", "Start a session that outlives this command and print its id.") { workspace, ttl, CommonOptions.Json };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
            var spec = await options.ApplyAsync(parse, runtime.CreateRequest(), console, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(workspace) is { } folder)
            {
                if (!Directory.Exists(folder)) throw new SandboxConfigurationException("command line", "--workspace", $"'{folder}' is not a folder");
                spec = spec with { Files = [.. spec.Files, .. await CopyInFiles.ReadAsync($"{folder}:{spec.WorkingDirectory}", cancellationToken).ConfigureAwait(false)] };
            }

            var timeToLive = SessionCommands.Time("--ttl", parse.GetValue(ttl)) ?? DefaultTimeToLive;
            if (timeToLive <= TimeSpan.Zero) throw new SandboxConfigurationException("command line", "--ttl", "a session needs a finite, positive time to live");
            var runOptions = new RunOptions { Executor = parse.GetValue(options.Executor), SkipValidation = parse.GetValue(options.NoValidate) };
            var session = await runtime.CreateSessionAsync(spec, runOptions, timeToLive, cancellationToken).ConfigureAwait(false);
            var expires = DateTimeOffset.UtcNow + timeToLive;
            if (parse.GetValue(CommonOptions.Json))
                console.Out.WriteLine(JsonSerializer.Serialize(new { id = session.Id, executor = session.Executor, expiresAt = expires }, CliJson.Options));
            else
                console.Out.WriteLine(session.Id);
            return ExitCodes.Success;
        }, parse.GetValue(options.Executor)));
        return command;
    }
}
