using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Commands;

namespace Sandbox.Cli;

/// <summary>Maps every failure of a command to exit code 125 and a one-line message — never a stack trace.</summary>
internal static class CliRunner
{
    public static async Task<int> GuardAsync(ParseResult parse, CliConsole console, Func<Task<int>> action, string? executor = null)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            console.Report("cancelled; the sandbox was removed");
            return 130;
        }
        catch (Exception ex) when (ex is SandboxException or IOException or UnauthorizedAccessException)
        {
            return await ResultPrinter.PrintFailureAsync(ex, executor ?? "", parse, console).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Unexpected: still one line for the user; details only with --verbose.
            if (parse.GetValue(CommonOptions.Verbose)) console.Error.WriteLine(ex);
            return await ResultPrinter.PrintFailureAsync(ex, executor ?? "", parse, console).ConfigureAwait(false);
        }
    }
}
