using System.CommandLine;
using Sandbox.Core.Harness;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox render --template T --code FILE</c>: shows the generated harness without running it.</summary>
internal static class RenderCommand
{
    public static Command Create(CliConsole console)
    {
        var harness = new HarnessOptions();
        var outDir = new Option<string?>("--out") { Description = "Write the files to this folder instead of printing them." };
        var command = new Command("render", "Show the harness a template generates for some code, without running it.") { outDir };
        harness.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var catalog = RuntimeFactory.LoadTemplates(parse);
            var template = catalog.Get(parse.GetRequiredValue(harness.Template));
            var request = await harness.ReadAsync(parse, template.Name, console, cancellationToken).ConfigureAwait(false);
            var (execution, _) = HarnessRunner.Prepare(template, request);
            var directory = parse.GetValue(outDir);
            console.Error.WriteLine($"# command: {string.Join(' ', execution.Command)}   image: {execution.Image ?? "(executor default)"}");
            foreach (var file in execution.Files)
            {
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                    await File.WriteAllBytesAsync(Path.Combine(directory, file.Path), file.Content.ToArray(), cancellationToken).ConfigureAwait(false);
                    console.Out.WriteLine(Path.Combine(directory, file.Path));
                }
                else
                {
                    console.Out.WriteLine($"==> {file.Path} <==");
                    console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(file.Content.Span).TrimEnd('\n'));
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
