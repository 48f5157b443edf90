using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Server.Contracts;

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
            var timeToLive = SessionCommands.Time("--ttl", parse.GetValue(ttl)) ?? DefaultTimeToLive;
            if (timeToLive <= TimeSpan.Zero) throw new SandboxConfigurationException("command line", "--ttl", "a session needs a finite, positive time to live");
            string id, executorName;
            DateTimeOffset expires;
            using (var server = ServerTarget.Resolve(parse, console))
            {
                if (server is not null)
                {
                    var body = await RemoteRun.BodyAsync<SessionBody>(parse, options, console, cancellationToken).ConfigureAwait(false);
                    body.Ttl = Duration.Format(timeToLive);
                    // The server's working directory applies to relative paths, as the local default does.
                    foreach (var file in await WorkspaceAsync(parse.GetValue(workspace), parse.GetValue(options.Workdir) ?? ".", cancellationToken).ConfigureAwait(false))
                        (body.Files ??= []).Add(new FileBody { Path = file.Path.StartsWith("./", StringComparison.Ordinal) ? file.Path[2..] : file.Path, ContentBase64 = Convert.ToBase64String(file.Content.Span), Mode = file.Mode });
                    var created = await RemoteSession.CreateAsync(server, body, cancellationToken).ConfigureAwait(false);
                    (id, executorName, expires) = (created.Id, created.Executor, created.ExpiresAt);
                }
                else
                {
                    await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
                    var spec = await options.ApplyAsync(parse, runtime.CreateRequest(), console, cancellationToken).ConfigureAwait(false);
                    // The proxy lives in the process that created the session, and this one ends now.
                    if (spec.Egress.IsActive)
                        throw new SandboxConfigurationException("command line", "--allow-host", "a session's egress proxy lives in the process that creates it, and this command ends at once; create the session through a server (`sandbox serve`, then SANDBOX_HOST), which holds the proxy for the session's life");
                    spec = spec with { Files = [.. spec.Files, .. await WorkspaceAsync(parse.GetValue(workspace), spec.WorkingDirectory, cancellationToken).ConfigureAwait(false)] };
                    var runOptions = new RunOptions { Executor = parse.GetValue(options.Executor), SkipValidation = parse.GetValue(options.NoValidate) };
                    var session = await runtime.CreateSessionAsync(spec, runOptions, timeToLive, cancellationToken).ConfigureAwait(false);
                    (id, executorName, expires) = (session.Id, session.Executor, DateTimeOffset.UtcNow + timeToLive);
                }
            }

            if (parse.GetValue(CommonOptions.Json))
                console.Out.WriteLine(CliJson.Serialize(new SessionCreated(id, executorName, expires)));
            else
                console.Out.WriteLine(id);
            return ExitCodes.Success;
        }, parse.GetValue(options.Executor)));
        return command;
    }

    // The --workspace folder's files, placed under the working directory.
    private static async Task<IReadOnlyList<SandboxFile>> WorkspaceAsync(string? folder, string workingDirectory, CancellationToken cancellationToken)
    {
        if (folder is null) return [];
        if (!Directory.Exists(folder)) throw new SandboxConfigurationException("command line", "--workspace", $"'{folder}' is not a folder");
        return await CopyInFiles.ReadAsync($"{folder}:{workingDirectory}", cancellationToken).ConfigureAwait(false);
    }
}
