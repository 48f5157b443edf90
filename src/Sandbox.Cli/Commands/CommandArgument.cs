using System.CommandLine.Parsing;

namespace Sandbox.Cli.Commands;

/// <summary>Checks for the trailing command argument of <c>run</c> and <c>exec</c>.</summary>
internal static class CommandArgument
{
    /// <summary>
    /// The parser hands unknown options to the command argument (<c>run --frobnicate -- echo</c> would run
    /// <c>--frobnicate</c>); no program is named like an option, so treat it as the typo it is.
    /// </summary>
    public static void RejectUnknownOptions(ArgumentResult result)
    {
        if (result.Tokens.Count > 0 && result.Tokens[0].Value.StartsWith('-'))
            result.AddError($"Unrecognized option '{result.Tokens[0].Value}'; put the command after --");
    }
}
