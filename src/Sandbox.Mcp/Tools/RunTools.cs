using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandbox.Core;

namespace Sandbox.Mcp.Tools;

/// <summary>The one-shot tools: each call runs in a fresh sandbox that is removed before the result returns.</summary>
[McpServerToolType]
internal sealed class RunTools(SandboxRuntime runtime, ToolRequests requests, ToolGuard guard, IMcpCallerAdmission admission)
{
    [McpServerTool(Name = ToolNames.RunCode, Title = "Run code", UseStructuredContent = true, OutputSchemaType = typeof(RunOutput), ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description(ToolDescriptions.RunCode)]
    public Task<CallToolResult> RunCode(
        [Description(ToolDescriptions.Language), AllowedValues("python", "node", "bash")] string language,
        [Description(ToolDescriptions.Code)] string code,
        IProgress<ProgressNotificationValue> progress,
        [Description(ToolDescriptions.Input)] JsonElement? input = null,
        [Description(ToolDescriptions.TimeoutSeconds), Range(1, int.MaxValue)] int? timeout_seconds = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.RunCode, async () =>
        {
            var request = requests.Code(language, code, input, timeout_seconds);
            var output = new OutputProgress(progress);
            request = request with { Base = request.Base with { OnOutput = output.OnOutput, Limits = admission.Limit(user, request.Base.Limits, timeout_seconds is not null) } };
            using var slot = await admission.EnterRunAsync(user, cancellationToken).ConfigureAwait(false);
            var result = await runtime.ExecAsync(request, new RunOptions { Executor = requests.Executor }, cancellationToken).ConfigureAwait(false);
            return RunOutputs.ToToolResult(result.Execution, RunOutputs.From(result));
        }, cancellationToken);

    [McpServerTool(Name = ToolNames.RunCommand, Title = "Run a command", UseStructuredContent = true, OutputSchemaType = typeof(RunOutput), ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description(ToolDescriptions.RunCommand)]
    public Task<CallToolResult> RunCommand(
        [Description(ToolDescriptions.Command)] string[] command,
        IProgress<ProgressNotificationValue> progress,
        [Description(ToolDescriptions.Image)] string? image = null,
        [Description(ToolDescriptions.Stdin)] string? stdin = null,
        [Description(ToolDescriptions.TimeoutSeconds), Range(1, int.MaxValue)] int? timeout_seconds = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.RunCommand, async () =>
        {
            var output = new OutputProgress(progress);
            var request = requests.Command(command, image, stdin, timeout_seconds) with { OnOutput = output.OnOutput };
            request = request with { Limits = admission.Limit(user, request.Limits, timeout_seconds is not null) };
            using var slot = await admission.EnterRunAsync(user, cancellationToken).ConfigureAwait(false);
            var result = await runtime.RunAsync(request, new RunOptions { Executor = requests.Executor }, cancellationToken).ConfigureAwait(false);
            return RunOutputs.ToToolResult(result, RunOutputs.From(result));
        }, cancellationToken);
}
