using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Core.Configuration;
using Sandbox.Core.Sessions;

namespace Sandbox.Cli.Commands.Sessions;

/// <summary><c>sandbox session apply|cp-in|cp-out</c>: files in and out of a session.</summary>
internal static class SessionFileCommands
{
    private const string CommandLine = "command line";

    /// <summary><c>apply ID --write SANDBOXPATH=HOSTFILE ... --delete SANDBOXPATH ...</c>: all paths checked before anything changes.</summary>
    public static Command Apply(CliConsole console)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var write = new Option<string[]>("--write") { Description = "Write a host file's content to a sandbox path: SANDBOXPATH=HOSTFILE (repeatable)." };
        var delete = new Option<string[]>("--delete") { Description = "Delete a sandbox path (repeatable)." };
        var command = new Command("apply", "Apply file changes (writes and deletions) to a session; nothing changes when any path is refused.") { id, executor, write, delete };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var changes = new List<FileChange>();
            foreach (var spec in parse.GetValue(write) ?? [])
            {
                var separator = spec.IndexOf('=');
                if (separator <= 0 || separator == spec.Length - 1) throw new SandboxConfigurationException(CommandLine, "--write", $"'{spec}' is not SANDBOXPATH=HOSTFILE");
                var hostFile = spec[(separator + 1)..];
                if (!File.Exists(hostFile)) throw new SandboxConfigurationException(CommandLine, "--write", $"'{hostFile}' does not exist on the host");
                changes.Add(new FileChange(spec[..separator], await File.ReadAllBytesAsync(hostFile, cancellationToken).ConfigureAwait(false)) { PathMember = "--write" });
            }

            changes.AddRange((parse.GetValue(delete) ?? []).Select(path => FileChange.Delete(path) with { PathMember = "--delete" }));
            if (changes.Count == 0) throw new SandboxConfigurationException(CommandLine, "--write/--delete", "nothing to apply");
            var applied = await SessionCommands.WithSessionAsync(parse, console, id, executor,
                (server, ct) => RemoteSession.ApplyAsync(server, parse.GetRequiredValue(id), changes, ct),
                (session, ct) => session.ApplyChangesAsync(changes, ct), cancellationToken).ConfigureAwait(false);
            foreach (var path in applied.Deleted) console.Out.WriteLine($"deleted {path}");
            foreach (var path in applied.Written) console.Out.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        }, parse.GetValue(executor)));
        return command;
    }

    /// <summary><c>cp-in ID HOSTPATH SANDBOXPATH</c>: a host file or folder (recursively) into the session.</summary>
    public static Command CopyIn(CliConsole console)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var host = new Argument<string>("host-path") { Description = "Host file or folder." };
        var target = new Argument<string>("sandbox-path") { Description = "Where it goes in the session (relative to the working directory, or absolute)." };
        var command = new Command("cp-in", "Copy a host file or folder into a session.") { id, host, target, executor };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var files = await CopyInFiles.ReadAsync($"{parse.GetRequiredValue(host)}:{parse.GetRequiredValue(target)}", cancellationToken).ConfigureAwait(false);
            await SessionCommands.WithSessionAsync(parse, console, id, executor,
                async (server, ct) =>
                {
                    // The server writes files as 'session apply' does: the same path checks, relative to the working directory.
                    await RemoteSession.ApplyAsync(server, parse.GetRequiredValue(id), files.Select(f => new FileChange(f.Path, f.Content, f.Mode)), ct).ConfigureAwait(false);
                    return true;
                },
                async (session, ct) =>
                {
                    await session.CopyInAsync(files, ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"copied {files.Count} file(s)");
            return ExitCodes.Success;
        }, parse.GetValue(executor)));
        return command;
    }

    /// <summary><c>cp-out ID SANDBOXPATH... [--out DIR]</c>: files or folders out of the session, with the one-shot checks.</summary>
    public static Command CopyOut(CliConsole console)
    {
        var id = SessionCommands.Id();
        var executor = SessionCommands.Executor();
        var paths = new Argument<string[]>("sandbox-paths") { Description = "Files or folders in the session.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Host folder to write them to (default ./sandbox-out)." };
        var command = new Command("cp-out", "Copy files or folders out of a session (links that escape are refused; size capped).") { id, paths, executor, output };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var files = await SessionCommands.WithSessionAsync(parse, console, id, executor,
                (server, ct) => RemoteSession.CopyOutAsync(server, parse.GetRequiredValue(id), parse.GetValue(paths) ?? [], ct),
                (session, ct) => session.CopyOutAsync(parse.GetValue(paths) ?? [], ct), cancellationToken).ConfigureAwait(false);
            var written = await SandboxPaths.WriteCollectedFilesAsync(files, Path.GetFullPath(parse.GetValue(output) ?? "sandbox-out"), cancellationToken).ConfigureAwait(false);
            foreach (var (file, path) in files.Zip(written)) console.Out.WriteLine($"{file.SandboxPath} -> {path}");
            return files.Count > 0 ? ExitCodes.Success : 1;
        }, parse.GetValue(executor)));
        return command;
    }
}
