namespace Sandbox.Server.Contracts;

/// <summary>The body of <c>POST /v1/sessions</c>: a run request's options plus a time to live.</summary>
public sealed class SessionBody : RequestBody
{
    /// <summary>Time to live, e.g. <c>30m</c> (default); the session is reaped when it expires.</summary>
    public string? Ttl { get; set; }
}

/// <summary>The answer to <c>POST /v1/sessions</c>.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Executor">The executor that runs it.</param>
/// <param name="ExpiresAt">When it is reaped.</param>
public sealed record SessionCreated(string Id, string Executor, DateTimeOffset ExpiresAt);

/// <summary>The body of <c>POST /v1/sessions/{id}/exec</c>.</summary>
public sealed class SessionExecBody
{
    /// <summary>The program and its arguments.</summary>
    public List<string>? Command { get; set; }

    /// <summary>Environment variables for this command.</summary>
    public Dictionary<string, string>? Env { get; set; }

    /// <summary>Working directory (default: the session's).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Timeout of this command, e.g. <c>30s</c> (default: the session's).</summary>
    public string? Timeout { get; set; }

    /// <summary>Bytes kept per output stream, e.g. <c>1m</c>.</summary>
    public string? OutputLimit { get; set; }

    /// <summary>Standard input as text.</summary>
    public string? Stdin { get; set; }

    /// <summary>Standard input as base64.</summary>
    public string? StdinBase64 { get; set; }
}

/// <summary>The body of <c>POST /v1/sessions/{id}/files</c>, as <c>sandbox session apply</c>: nothing changes when any path is refused.</summary>
public sealed class SessionFilesBody
{
    /// <summary>Files to write.</summary>
    public List<FileBody>? Write { get; set; }

    /// <summary>Paths to delete.</summary>
    public List<string>? Delete { get; set; }
}

/// <summary>The body of <c>POST /v1/sessions/{id}/test</c> and <c>/build</c> (optional).</summary>
public sealed class SessionReportBody
{
    /// <summary>A shell command line to run instead of the detected one.</summary>
    public string? Command { get; set; }

    /// <summary>Timeout, e.g. <c>5m</c> (default: the session's).</summary>
    public string? Timeout { get; set; }
}
