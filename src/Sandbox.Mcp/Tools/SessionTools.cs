using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Sessions;
using Sandbox.Mcp.Sessions;

namespace Sandbox.Mcp.Tools;

/// <summary>The session tools: long-lived sandboxes owned by the connection that created them.</summary>
[McpServerToolType]
internal sealed class SessionTools(SandboxRuntime runtime, ToolRequests requests, ConnectionSessions sessions, SandboxMcpOptions options, ToolGuard guard, IMcpCallerAdmission admission)
{
    [McpServerTool(Name = ToolNames.SessionCreate, Title = "Create a session", UseStructuredContent = true, OutputSchemaType = typeof(SessionCreatedOutput), ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description(ToolDescriptions.SessionCreate)]
    public Task<CallToolResult> SessionCreate(
        McpServer server,
        [Description(ToolDescriptions.Image)] string? image = null,
        [Description(ToolDescriptions.Files)] Dictionary<string, string>? files = null,
        [Description(ToolDescriptions.TtlSeconds), Range(1, int.MaxValue)] int? ttl_seconds = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.SessionCreate, async () =>
        {
            var connection = sessions.ConnectionOf(server);
            var ttl = TimeToLive(ttl_seconds);
            var spec = requests.Session(image, files);
            spec = spec with { Limits = admission.Limit(user, spec.Limits, timeoutAsked: false) };
            var (session, expiresAt) = await sessions.CreateAsync(connection, ttl,
                ct => admission.CreateSessionAsync(user, inner => runtime.CreateSessionAsync(spec, new RunOptions { Executor = requests.Executor }, cancellationToken: inner), ct),
                cancellationToken).ConfigureAwait(false);
            var output = new SessionCreatedOutput(session.Id, session.Spec.Image, expiresAt, [.. spec.Files.Select(f => SandboxPaths.Resolve(f.Path, spec.WorkingDirectory, "files"))]);
            return ToolResults.Success($"session_id: {session.Id} (expires {expiresAt:u}; {output.Files.Count} file(s) written)", output);
        }, cancellationToken);

    [McpServerTool(Name = ToolNames.SessionExec, Title = "Run a command in a session", UseStructuredContent = true, OutputSchemaType = typeof(RunOutput), ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description(ToolDescriptions.SessionExec)]
    public Task<CallToolResult> SessionExec(
        McpServer server,
        IProgress<ProgressNotificationValue> progress,
        [Description(ToolDescriptions.SessionId)] string session_id,
        [Description(ToolDescriptions.Command)] string[] command,
        [Description(ToolDescriptions.TimeoutSeconds), Range(1, int.MaxValue)] int? timeout_seconds = null,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.SessionExec, async () =>
        {
            var session = sessions.Get(sessions.ConnectionOf(server), session_id);
            var output = new OutputProgress(progress);
            var result = await session.ExecAsync(new SessionCommand
            {
                Command = ToolRequests.CheckCommand(command),
                Timeout = requests.Timeout(timeout_seconds),
                OutputBytes = requests.OutputBytes,
                OnOutput = output.OnOutput,
            }, cancellationToken).ConfigureAwait(false);
            return RunOutputs.ToToolResult(result, RunOutputs.From(result));
        }, cancellationToken);

    [McpServerTool(Name = ToolNames.SessionWriteFiles, Title = "Write files in a session", UseStructuredContent = true, OutputSchemaType = typeof(FilesWrittenOutput), ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.SessionWriteFiles)]
    public Task<CallToolResult> SessionWriteFiles(
        McpServer server,
        [Description(ToolDescriptions.SessionId)] string session_id,
        [Description(ToolDescriptions.Files)] Dictionary<string, string> files,
        [Description(ToolDescriptions.Delete)] string[]? delete = null,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.SessionWriteFiles, async () =>
        {
            var session = sessions.Get(sessions.ConnectionOf(server), session_id);
            IReadOnlyList<FileChange> changes =
            [
                .. (delete ?? []).Select((path, i) => FileChange.Delete(path) with { PathMember = $"delete[{i}]" }),
                .. (files ?? []).Select(f => FileChange.Write(f.Key, f.Value) with { PathMember = $"files['{f.Key}']" }),
            ];
            var applied = await session.ApplyChangesAsync(changes, cancellationToken).ConfigureAwait(false);
            var output = new FilesWrittenOutput(session.Id, applied.Written, applied.Deleted);
            return ToolResults.Success($"wrote {applied.Written.Count} file(s), deleted {applied.Deleted.Count} path(s)", output);
        }, cancellationToken);

    [McpServerTool(Name = ToolNames.SessionReadFile, Title = "Read a file from a session", UseStructuredContent = true, OutputSchemaType = typeof(FileReadOutput), ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.SessionReadFile)]
    public Task<CallToolResult> SessionReadFile(
        McpServer server,
        [Description(ToolDescriptions.SessionId)] string session_id,
        [Description(ToolDescriptions.Path)] string path,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.SessionReadFile, async () =>
        {
            var session = sessions.Get(sessions.ConnectionOf(server), session_id);
            var file = await TextFiles.ReadAsync(session, path, options.MaxReadFileBytes, cancellationToken).ConfigureAwait(false);
            return ToolResults.Success(file.Truncated ? $"{file.Content}\n[truncated: {file.SizeBytes} bytes in all]" : file.Content, file);
        }, cancellationToken);

    [McpServerTool(Name = ToolNames.SessionRunTests, Title = "Run a session's tests", UseStructuredContent = true, OutputSchemaType = typeof(TestsOutput), ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description(ToolDescriptions.SessionRunTests)]
    public Task<CallToolResult> SessionRunTests(
        McpServer server,
        IProgress<ProgressNotificationValue> progress,
        [Description(ToolDescriptions.SessionId)] string session_id,
        [Description(ToolDescriptions.TestCommand)] string[]? command = null,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.SessionRunTests, async () =>
        {
            var session = sessions.Get(sessions.ConnectionOf(server), session_id);
            var output = new OutputProgress(progress);
            output.Report(command is { Length: > 0 } ? $"running {string.Join(' ', command)}" : "detecting the test runner");
            var result = await session.RunTestsAsync(new TestRunOptions
            {
                Command = command is { Length: > 0 } ? ToolRequests.CheckCommand(command) : null,
                OutputBytes = requests.OutputBytes,
                OnOutput = output.OnOutput,
            }, cancellationToken).ConfigureAwait(false);
            if (result.Execution.Error is { } error) return ToolResults.Error(ToolGuard.Describe(error.Kind, error.Message));
            return TestSummaries.ToToolResult(session.Id, result);
        }, cancellationToken);

    [McpServerTool(Name = ToolNames.SessionClose, Title = "Close a session", UseStructuredContent = true, OutputSchemaType = typeof(SessionClosedOutput), ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description(ToolDescriptions.SessionClose)]
    public Task<CallToolResult> SessionClose(
        McpServer server,
        [Description(ToolDescriptions.SessionId)] string session_id,
        CancellationToken cancellationToken = default) =>
        guard.RunAsync(ToolNames.SessionClose, async () =>
        {
            await sessions.CloseAsync(sessions.ConnectionOf(server), session_id).ConfigureAwait(false);
            return ToolResults.Success($"session {session_id} closed and removed", new SessionClosedOutput(session_id, true));
        }, cancellationToken);

    private TimeSpan TimeToLive(int? seconds)
    {
        if (seconds is not { } value) return options.DefaultSessionTimeToLive;
        if (value < 1 || value > options.MaxSessionTimeToLive.TotalSeconds)
            throw new ToolRejectedException($"ttl_seconds must be between 1 and {(int)options.MaxSessionTimeToLive.TotalSeconds} (the server's ceiling); got {value}.");
        return TimeSpan.FromSeconds(value);
    }
}
