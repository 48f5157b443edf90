using Microsoft.Build.Framework;

namespace Sandbox.Build.Cli;

/// <summary>The CLI invocation a <see cref="SandboxRun"/> turns into, checked and resolved against the project directory.</summary>
/// <param name="Arguments">The CLI's arguments (<c>run ... -- ARGV</c> or <c>exec ...</c>), without the result file.</param>
/// <param name="Display">What runs, for messages: the command line, or <c>template T (code.py)</c>.</param>
/// <param name="ConfigFile">The sandbox.json that applies (passed with <c>--config</c>), or <c>null</c> for built-in defaults.</param>
/// <param name="CodeFile">The host file with a template run's code, where validator findings about the code point.</param>
/// <param name="StdoutImportance">Importance of the command's stdout lines.</param>
/// <param name="StderrImportance">Importance of the command's stderr lines.</param>
internal sealed record RunPlan(
    IReadOnlyList<string> Arguments,
    string Display,
    string? ConfigFile,
    string? CodeFile,
    MessageImportance StdoutImportance,
    MessageImportance StderrImportance)
{
    /// <summary>The arguments with <c>--result-file</c> added after the subcommand.</summary>
    public IReadOnlyList<string> WithResultFile(string path) => [Arguments[0], "--result-file", path, .. Arguments.Skip(1)];
}
