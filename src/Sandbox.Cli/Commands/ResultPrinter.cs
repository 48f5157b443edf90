using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Core.Configuration;
using Sandbox.Core.Results;

namespace Sandbox.Cli.Commands;

/// <summary>Prints a result the way <c>run</c> and <c>exec</c> promise, writes collected files and picks the exit code.</summary>
internal static class ResultPrinter
{
    /// <summary>Writes collected files under <paramref name="outDirectory"/>; returns relative path → written path.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> WriteFilesAsync(ExecutionResult result, string? outDirectory, CancellationToken cancellationToken)
    {
        if (result.OutputFiles.Count == 0) return new Dictionary<string, string>();
        var directory = Path.GetFullPath(outDirectory ?? "sandbox-out");
        var written = await SandboxPaths.WriteCollectedFilesAsync(result.OutputFiles, directory, cancellationToken).ConfigureAwait(false);
        return result.OutputFiles.Zip(written).ToDictionary(p => p.First.RelativePath, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>Prints the result: one JSON object with <paramref name="json"/>, else output not yet streamed plus notes on stderr.</summary>
    public static void Print(ExecutionResult result, bool json, bool outputStreamed, IReadOnlyDictionary<string, string> writtenFiles, CliConsole console)
    {
        if (json)
        {
            console.Out.WriteLine(ResultJson.Serialize(result, writtenFiles));
            return;
        }

        if (!outputStreamed)
        {
            console.Out.Write(result.Stdout);
            console.Error.Write(result.Stderr);
        }

        if (result.Validation.Skipped) console.Report("WARNING: validation was skipped (--no-validate); the code and request were not checked (SBX0014)");
        foreach (var finding in result.Validation.Findings.Where(f => f.Severity >= FindingSeverity.Warning)) console.Report(finding.ToString());
        if (result.WeakenedFeatures != SandboxFeatures.None)
            console.Report($"WARNING: ran on '{result.Executor}' WITHOUT {SandboxFeatureNames.Describe(result.WeakenedFeatures)} (--allow-weaker-isolation)");
        foreach (var warning in result.Warnings) console.Report($"warning: {warning}");
        if (result.StdoutTruncated) console.Report("stdout was truncated at the output limit (--output-limit)");
        if (result.StderrTruncated) console.Report("stderr was truncated at the output limit (--output-limit)");
        if (result.TimedOut) console.Report("the command timed out and was killed");
        if (result.OomKilled) console.Report($"the command was killed for exceeding its memory limit");
        if (!result.CleanupSucceeded) console.Report($"warning: sandbox {result.SandboxId} could not be fully removed; run 'sandbox cleanup'");
        foreach (var (relative, path) in writtenFiles) console.Report($"collected {relative} -> {path}");
        if (result.Error is { } error) console.Report(error.Message);
    }

    /// <summary>The exit code for a completed (or rejected) run.</summary>
    public static int ExitCode(ExecutionResult result) => result switch
    {
        { Error.Kind: ErrorKind.ValidationRejected } => ExitCodes.Rejected,
        { Error: not null } => ExitCodes.FrameworkError,
        { TimedOut: true } => ExitCodes.TimedOut,
        { OomKilled: true } => ExitCodes.OomKilled,
        { ExitCode: { } code } => code,
        _ => ExitCodes.FrameworkError,
    };

    /// <summary>
    /// Prints an infrastructure failure: a one-liner on stderr, plus the JSON object with <c>--json</c> (and in the
    /// <c>--result-file</c>, so a caller reading it learns why there is no result).
    /// </summary>
    public static async Task<int> PrintFailureAsync(Exception exception, string executor, ParseResult parse, CliConsole console)
    {
        var error = ExecutionError.FromException(exception);
        var document = ResultJson.Serialize(ExecutionResult.Failed(executor, error));
        if (parse.GetValue(CommonOptions.Json)) console.Out.WriteLine(document);
        console.Report(exception is SandboxConfigurationException or SandboxException ? error.Message : $"internal error: {error.Message}");
        try
        {
            await ResultFile.WriteAsync(parse, () => document, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Report($"cannot write --result-file: {ex.Message}");
        }

        return ExitCodes.FrameworkError;
    }
}
