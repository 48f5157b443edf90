using System.ComponentModel;
using System.Text.Json;

namespace Sandbox.Mcp.Tools;

// The structured content of each tool's result, serialized in snake_case (McpJson.Options): these names are the contract.

/// <summary>A run's outcome (run_code, run_command, session_exec).</summary>
internal sealed record RunOutput(
    bool Ok,
    // A description also turns the schema of "any JSON value" from `true` into an object, which strict clients require.
    [property: Description("The code's result (any JSON value); null for commands and when the code failed.")] JsonElement? Result,
    CodeError? Error,
    string Stdout,
    string Stderr,
    int? ExitCode,
    bool TimedOut,
    bool OomKilled,
    long DurationMs,
    bool StdoutTruncated,
    bool StderrTruncated,
    IReadOnlyList<string> Warnings);

/// <summary>Why code failed: its exception (type, message, traceback) or the harness protocol's error.</summary>
internal sealed record CodeError(string Type, string Message, string? Traceback);

/// <summary>session_create's result.</summary>
internal sealed record SessionCreatedOutput(string SessionId, string? Image, DateTimeOffset ExpiresAt, IReadOnlyList<string> Files);

/// <summary>session_write_files's result: resolved sandbox paths.</summary>
internal sealed record FilesWrittenOutput(string SessionId, IReadOnlyList<string> Written, IReadOnlyList<string> Deleted);

/// <summary>session_read_file's result.</summary>
internal sealed record FileReadOutput(string SessionId, string Path, string Content, long SizeBytes, bool Truncated);

/// <summary>session_run_tests's result.</summary>
internal sealed record TestsOutput(
    string SessionId,
    string Framework,
    bool Recognized,
    int Passed,
    int Failed,
    int Skipped,
    IReadOnlyList<string> FailedTests,
    bool Ok,
    IReadOnlyList<string> Command,
    int? ExitCode,
    bool TimedOut,
    string Stdout,
    string Stderr);

/// <summary>session_close's result.</summary>
internal sealed record SessionClosedOutput(string SessionId, bool Closed);
