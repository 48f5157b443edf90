using System.CommandLine;

namespace Sandbox.Cli.Commands;

/// <summary>Writes the result object to the file named by <c>--result-file</c>, when one was given.</summary>
internal static class ResultFile
{
    /// <summary>Writes <paramref name="json"/>, made only when a file was asked for (serializing costs a short run dearly).</summary>
    public static async Task WriteAsync(ParseResult parse, Func<string> json, CancellationToken cancellationToken)
    {
        if (parse.GetValue(CommonOptions.ResultFile) is not { Length: > 0 } path) return;
        await File.WriteAllTextAsync(path, json() + Environment.NewLine, cancellationToken).ConfigureAwait(false);
    }
}
