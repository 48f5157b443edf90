namespace Sandbox.Mcp.Tools;

/// <summary>The tool names of the MCP contract (issue 14): stable, never renamed.</summary>
public static class ToolNames
{
    /// <summary>Run code through a harness template.</summary>
    public const string RunCode = "run_code";

    /// <summary>Run one command in a fresh sandbox.</summary>
    public const string RunCommand = "run_command";

    /// <summary>Create a session owned by the connection.</summary>
    public const string SessionCreate = "session_create";

    /// <summary>Run a command in a session.</summary>
    public const string SessionExec = "session_exec";

    /// <summary>Write (and delete) files in a session.</summary>
    public const string SessionWriteFiles = "session_write_files";

    /// <summary>Read a text file from a session.</summary>
    public const string SessionReadFile = "session_read_file";

    /// <summary>Run a session's tests and parse the counts.</summary>
    public const string SessionRunTests = "session_run_tests";

    /// <summary>Close a session.</summary>
    public const string SessionClose = "session_close";

    /// <summary>Every tool, in the order the README lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [RunCode, RunCommand, SessionCreate, SessionExec, SessionWriteFiles, SessionReadFile, SessionRunTests, SessionClose];
}
