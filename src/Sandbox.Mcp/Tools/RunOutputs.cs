using System.Globalization;
using System.Text;
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core.Harness;

namespace Sandbox.Mcp.Tools;

/// <summary>Maps run results onto <see cref="RunOutput"/> and its short text for the model.</summary>
internal static class RunOutputs
{
    public static RunOutput From(ExecutionResult result) => new(
        result.Succeeded, null, null, result.Stdout, result.Stderr, result.ExitCode, result.TimedOut, result.OomKilled,
        (long)result.Duration.TotalMilliseconds, result.StdoutTruncated, result.StderrTruncated, result.Warnings);

    public static RunOutput From(HarnessResult result) => From(result.Execution) with
    {
        Ok = result.Ok,
        Result = result.Ok ? result.Result ?? JsonDocument.Parse("null").RootElement : null,
        Error = result.Error is { } error ? new CodeError(error.Type, error.Message, error.Traceback) : null,
    };

    /// <summary>The result as a tool result: a framework error (a rejection included) is a tool error, anything the code did is not.</summary>
    public static ModelContextProtocol.Protocol.CallToolResult ToToolResult(ExecutionResult execution, RunOutput output) =>
        execution.Error is { } error
            ? ToolResults.Error(ToolGuard.Describe(error.Kind, error.Message))
            : ToolResults.Success(Summarize(output), output);

    public static string Summarize(RunOutput output)
    {
        var text = new StringBuilder();
        text.Append(output.TimedOut ? "timed out (killed)" : output.OomKilled ? "killed: out of memory" : $"exit {output.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        text.Append(CultureInfo.InvariantCulture, $", {output.DurationMs} ms, ok={(output.Ok ? "true" : "false")}\n");
        if (output.Result is { } result) text.Append("result: ").Append(result.GetRawText()).Append('\n');
        if (output.Error is { } error)
        {
            text.Append("error: ").Append(error.Type).Append(": ").Append(error.Message).Append('\n');
            if (error.Traceback is { Length: > 0 } traceback) text.Append(traceback.TrimEnd()).Append('\n');
        }

        Stream(text, "stdout", output.Stdout, output.StdoutTruncated);
        Stream(text, "stderr", output.Stderr, output.StderrTruncated);
        return text.ToString().TrimEnd();
    }

    private static void Stream(StringBuilder text, string name, string content, bool truncated)
    {
        if (content.Length == 0) return;
        text.Append(name).Append(truncated ? " (truncated):\n" : ":\n").Append(content.TrimEnd()).Append('\n');
    }
}
