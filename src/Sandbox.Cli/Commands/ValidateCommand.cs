using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Core;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox validate --language python FILE...</c>: runs the code validators without running anything.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var language = new Option<string>("--language", "-l") { Description = "Language of the files: python, javascript, bash...", Required = true };
        var files = new Argument<string[]>("files") { Description = "Source files to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check code with the validator plugins; exit 126 when any finding is an error.") { language, files, CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
            var sources = new List<SourceDocument>();
            foreach (var file in parse.GetValue(files) ?? [])
            {
                if (!File.Exists(file)) throw new Core.Configuration.SandboxConfigurationException("command line", "files", $"'{file}' does not exist");
                sources.Add(new SourceDocument(file, parse.GetRequiredValue(language).ToLowerInvariant(), await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)));
            }

            // Only the code is of interest here: inspect it against the configured defaults, whose own warnings are validate-config's job.
            var report = await runtime.ValidateAsync(runtime.Config.Defaults, new RunOptions { Sources = sources }, cancellationToken).ConfigureAwait(false);
            var findings = report.Findings.Where(f => f.Path is not null).ToArray();
            if (parse.GetValue(CommonOptions.Json))
                console.Out.WriteLine(CliJson.Serialize(new ValidateOutput(findings.Any(f => f.Severity == FindingSeverity.Error), report.Validators, findings)));
            else
                foreach (var finding in findings) console.Out.WriteLine(finding.ToString());

            if (!report.Validators.Any(v => v != "sbx")) console.Report("warning: no validator plugins are installed; nothing was checked");
            return findings.Any(f => f.Severity == FindingSeverity.Error) ? ExitCodes.Rejected : ExitCodes.Success;
        }));
        return command;
    }
}
