namespace Sandbox.Mcp;

/// <summary>
/// The MCP server's own ceilings, on top of <c>sandbox.json</c> (its defaults and the policy validator's ceilings still
/// apply to every request). A model can lower these through tool arguments, never raise them.
/// </summary>
public sealed class SandboxMcpOptions
{
    /// <summary>Longest <c>timeout_seconds</c> a tool accepts. The configured default timeout applies when none is given.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Bytes of stdout and of stderr a tool result keeps (the configured <c>outputLimit</c> applies when lower).</summary>
    public long MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>Largest text <c>session_read_file</c> returns; a longer file is cut and flagged.</summary>
    public long MaxReadFileBytes { get; set; } = 256 * 1024;

    /// <summary>Sessions one connection may hold at once.</summary>
    public int MaxSessionsPerConnection { get; set; } = 8;

    /// <summary>A session's time to live when <c>session_create</c> gives none.</summary>
    public TimeSpan DefaultSessionTimeToLive { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest <c>ttl_seconds</c> <c>session_create</c> accepts.</summary>
    public TimeSpan MaxSessionTimeToLive { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Executor the tools run on; <c>null</c> uses the configured default.</summary>
    public string? Executor { get; set; }

    /// <summary>
    /// The transport carries exactly one connection (stdio), so calls without an MCP session id all belong to it.
    /// Over HTTP every connection must have a session id: a stateless call cannot own sessions.
    /// </summary>
    public bool SingleConnection { get; set; }

    internal void Validate()
    {
        if (MaxTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxTimeout), MaxTimeout, "must be positive");
        if (MaxOutputBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxOutputBytes), MaxOutputBytes, "must be positive");
        if (MaxReadFileBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxReadFileBytes), MaxReadFileBytes, "must be positive");
        if (MaxSessionsPerConnection < 0) throw new ArgumentOutOfRangeException(nameof(MaxSessionsPerConnection), MaxSessionsPerConnection, "must not be negative");
        if (DefaultSessionTimeToLive <= TimeSpan.Zero || DefaultSessionTimeToLive > MaxSessionTimeToLive)
            throw new ArgumentOutOfRangeException(nameof(DefaultSessionTimeToLive), DefaultSessionTimeToLive, "must be positive and at most MaxSessionTimeToLive");
    }
}
