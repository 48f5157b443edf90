using System.CommandLine;
using Sandbox.Abstractions;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox cleanup</c>: removes sandboxes whose owner process is gone, for every executor.</summary>
internal static class CleanupCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("cleanup", "Remove sandboxes left behind by crashed processes and print counts (found, removed, failed).");
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
            var failed = 0;
            foreach (var executor in runtime.Plugins.Executors.Values)
            {
                try
                {
                    var report = await executor.CleanupAsync(cancellationToken).ConfigureAwait(false);
                    console.Out.WriteLine($"{executor.Name}: found {report.Found}, removed {report.Removed}, failed {report.Failed}");
                    foreach (var error in report.Errors) console.Report($"{executor.Name}: {error}");
                    failed += report.Failed;
                }
                catch (SandboxException ex)
                {
                    console.Out.WriteLine($"{executor.Name}: skipped ({ex.Message})");
                }
            }

            return failed == 0 ? ExitCodes.Success : 1;
        }));
        return command;
    }
}
