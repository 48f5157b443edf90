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
}
