using System.Text;
using ModelContextProtocol.Protocol;
using Sandbox.Core.Sessions;

namespace Sandbox.Mcp.Tools;

/// <summary>session_run_tests's result: the parsed counts first, the output after, for a model to act on.</summary>
internal static class TestSummaries
{
    public static CallToolResult ToToolResult(string sessionId, TestRunResult result)
    {
        var execution = result.Execution;
        var output = new TestsOutput(
            sessionId, result.Framework.ToString().ToLowerInvariant(), result.Report is not null, result.Passed, result.Failed, result.Skipped, result.FailedTests,
            result.Succeeded, result.Command, execution.ExitCode, execution.TimedOut, execution.Stdout, execution.Stderr);
        var text = new StringBuilder($"{output.Framework}: {output.Passed} passed, {output.Failed} failed, {output.Skipped} skipped");
        text.Append(output.Recognized ? "" : " (output not recognised: see exit code and output)");
        text.Append(execution.TimedOut ? ", timed out (killed)" : $", exit {execution.ExitCode}");
        foreach (var name in output.FailedTests) text.Append("\nFAILED ").Append(name);
        if (!output.Ok)
        {
            if (execution.Stdout.Length > 0) text.Append("\nstdout:\n").Append(execution.Stdout.TrimEnd());
            if (execution.Stderr.Length > 0) text.Append("\nstderr:\n").Append(execution.Stderr.TrimEnd());
        }

        return ToolResults.Success(text.ToString(), output);
    }
}
