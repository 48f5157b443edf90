using System.CommandLine;

namespace Sandbox.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Configuration file (default: $SANDBOX_CONFIG, else ./sandbox.json if present).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log framework details to stderr.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print exactly one JSON object on stdout.",
    };

    /// <summary>
    /// Writes the object <c>--json</c> would print to a file while the output still streams, so a caller (the MSBuild
    /// task) gets live output and the structured result without parsing one out of the other.
    /// </summary>
    public static readonly Option<string?> ResultFile = new("--result-file")
    {
        Description = "Also write the object --json would print to this file (the output still streams).",
    };

    /// <summary>
    /// The server to run through, named on the command line as <c>docker -H</c> does: it wins over
    /// <c>SANDBOX_HOST(S)</c>, so one command can go elsewhere without changing the environment.
    /// </summary>
    public static readonly Option<string?> Host = new("--host")
    {
        Description = "Run through the sandbox server at this address (unix:/path or http(s)://host:port) instead of SANDBOX_HOST.",
        Recursive = true,
    };

    /// <summary>
    /// Runs in this process even when a server is named by <c>--host</c>, <c>SANDBOX_HOST</c> or answers on the default socket.
    /// </summary>
    public static readonly Option<bool> NoServer = new("--no-server")
    {
        Description = "Run in this process, never through a sandbox server (SANDBOX_HOST or the default socket).",
        Recursive = true,
    };
}
