using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Cli.Commands;
using Sandbox.Core.Harness;
using Sandbox.Core.Results;
using Sandbox.Server.Contracts;

namespace Sandbox.Cli.Remote;

/// <summary>
/// <c>sandbox exec</c> through a server: the harness request and run options become the body of <c>POST /v1/exec</c>,
/// the code's output streams back as events, and the document becomes the same <see cref="HarnessResult"/> a local exec
/// returns, so printing and exit codes are the same code.
/// </summary>
internal static class RemoteExec
{
    public static async Task<HarnessResult> ExecAsync(ServerTarget server, ParseResult parse, RequestOptions options, HarnessRequest harness, string? maxResult,
        RunStream stream, CliConsole console, CancellationToken cancellationToken)
    {
        var body = await RemoteRun.BodyAsync<ExecBody>(parse, options, console, cancellationToken).ConfigureAwait(false);
        body.Template = harness.Template;
        body.Code = harness.Code;
        body.Input = HarnessRunner.ParseInput(harness.InputJson);
        body.Handler = harness.Handler;
        body.MaxResult = maxResult;
        var exec = await ServerCall.CallWrappedAsync<ExecJson.ExecDocument>(server, HttpMethod.Post, "v1/exec", body, cancellationToken, stream).ConfigureAwait(false);
        return new HarnessResult { Ok = exec.Ok, Result = exec.Result, Error = exec.Error, Execution = ResultJson.FromDocument(exec.Execution) };
    }
}
