using System.CommandLine;

namespace Sandbox.Cli.Commands;

/// <summary>Writes the result object to the file named by <c>--result-file</c>, when one was given.</summary>
internal static class ResultFile
{
    public static async Task WriteAsync(ParseResult parse, string json, CancellationToken cancellationToken)
    {
        if (parse.GetValue(CommonOptions.ResultFile) is not { Length: > 0 } path) return;
        await File.WriteAllTextAsync(path, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
    }
}
