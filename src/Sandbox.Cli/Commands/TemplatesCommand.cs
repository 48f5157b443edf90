using System.CommandLine;
using Sandbox.Core.Harness;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox templates [--json]</c>: the harness templates available.</summary>
internal static class TemplatesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("templates", "List harness templates: name, language, default image, where they come from.") { CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, () =>
        {
            var catalog = RuntimeFactory.LoadTemplates(parse);
            var listing = TemplateListing.Of(catalog);
            if (parse.GetValue(CommonOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(listing));
            }
            else
            {
                foreach (var t in listing.Templates) console.Out.WriteLine($"{t.Name,-16} {t.Language,-11} {t.CodeFile,-11} {t.Description}");
                foreach (var error in catalog.Errors.Values) console.Report($"broken template: {error.Message}");
            }

            return Task.FromResult(catalog.Errors.Count == 0 ? ExitCodes.Success : 1);
        }));
        return command;
    }
}
