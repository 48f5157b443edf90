namespace Sandbox.Mcp.Tools;

/// <summary>
/// What each tool and argument says to a model: one catalog, so the README table and the registered tools are checked
/// against the same names (<see cref="ToolNames"/>).
/// </summary>
internal static class ToolDescriptions
{
    private const string Locked = "Runs in a fresh locked-down sandbox (no network, read-only root, non-root user, memory/CPU/process limits); nothing on the host is reachable.";
    private const string Errors = "isError results mean the request was refused or the sandbox service failed: the text says what to change (a validator finding names the rule and line; an unknown session means create one).";

    public const string RunCode =
        "Run a snippet of code and get its result as JSON. python: a script; set a variable named `result` to return a value; `input` is bound to the input object. " +
        "node: a CommonJS module that exports a function: `module.exports = async (input) => value`. " +
        "bash: a script; the input file's path is $1 (also $SANDBOX_INPUT); success is exit code 0. " +
        Locked + " Code is checked before it runs (e.g. forbidden Python imports are refused). Output is capped per stream; a run past its timeout is killed (timed_out=true). " +
        "Returns ok, result, error, stdout, stderr, exit_code, timed_out, oom_killed, duration_ms. " + Errors;

    public const string RunCommand =
        "Run one command (argv array, no shell: use [\"sh\",\"-c\",\"...\"] for a shell line) in a fresh sandbox from an image and return exit_code, stdout, stderr, timed_out, oom_killed, duration_ms. " +
        Locked + " The image must be allowed by the server's policy. " + Errors;

    public const string SessionCreate =
        "Create a long-lived sandbox (session) for several commands, optionally with initial files (relative paths are under /workspace). Returns session_id. " +
        "The session belongs to this connection only, is removed when the connection ends or after ttl_seconds, and counts against a per-connection quota: close it with session_close when done. " + Errors;

    public const string SessionExec =
        "Run one command (argv array, no shell: use [\"sh\",\"-c\",\"...\"]) in a session; files and state persist between commands. Returns exit_code, stdout, stderr, timed_out, duration_ms. " +
        "A command past its timeout is killed; the session survives. " + Errors;

    public const string SessionWriteFiles =
        "Write text files into a session (path -> content; relative paths are under /workspace, `..` is refused) and optionally delete paths first. Writes only inside the sandbox. " + Errors;

    public const string SessionReadFile =
        "Read one text file from a session (relative paths are under /workspace). Long files are cut (truncated=true); binary files are refused. Reads only inside the sandbox. " + Errors;

    public const string SessionRunTests =
        "Run the tests in a session and get framework, passed, failed, skipped and failed test names. Without `command` the runner is detected from the workspace (pytest, jest, node --test, go test, ...). " +
        "Sends progress notifications with output lines when the client asks for them. " + Errors;

    public const string SessionClose = "Close a session of this connection and remove its sandbox and files. " + Errors;

    public const string Language = "python, node or bash.";
    public const string Code = "The source code to run.";
    public const string Input = "Optional JSON object handed to the code (python: `input`; node: the handler's argument; bash: a file whose path is $1).";
    public const string TimeoutSeconds = "Optional timeout in seconds (whole number, at least 1); the server's default applies when absent, and a value above the server's ceiling is refused.";
    public const string Command = "The argv: program first, then its arguments, e.g. [\"python3\", \"-c\", \"print(1)\"].";
    public const string Image = "Optional image; the server's default image when absent. Must be allowed by the server's policy.";
    public const string Stdin = "Optional text written to the command's standard input.";
    public const string Files = "Files to write: an object mapping a path (relative paths are under /workspace) to its text content.";
    public const string TtlSeconds = "Optional time to live in seconds; after it the session is removed. The server's default applies when absent; a value above its ceiling is refused.";
    public const string SessionId = "The session_id returned by session_create on this connection.";
    public const string Delete = "Optional paths to delete before writing.";
    public const string Path = "Path of the file (relative paths are under /workspace).";
    public const string TestCommand = "Optional argv of the test command, e.g. [\"python3\", \"-m\", \"pytest\", \"-q\"]; detected from the workspace when absent.";
}
