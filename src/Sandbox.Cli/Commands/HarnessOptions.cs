using System.CommandLine;
using Sandbox.Core.Configuration;
using Sandbox.Core.Harness;

namespace Sandbox.Cli.Commands;

/// <summary>The options that say which template, code and input to use, shared by <c>exec</c> and <c>render</c>.</summary>
internal sealed class HarnessOptions
{
    private const string CommandLine = "command line";

    public Option<string> Template { get; } = new("--template") { Description = "Harness template (see 'sandbox templates').", Required = true };
    public Option<string> Code { get; } = new("--code") { Description = "File with the user's code.", Required = true };
    public Option<string?> Input { get; } = new("--input") { Description = "Input JSON file (default: {})." };
    public Option<string?> Handler { get; } = new("--handler") { Description = "Function a handler template calls (default: handler)." };
    public Option<string?> MaxResult { get; } = new("--max-result") { Description = "Largest result the harness returns, e.g. 1m." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Template, Code, Input, Handler, MaxResult }) command.Add(option);
    }

    /// <summary>Reads the code and input for <paramref name="template"/> (a template's name: a server resolves it itself).</summary>
    public async Task<HarnessRequest> ReadAsync(ParseResult parse, string template, CliConsole console, CancellationToken cancellationToken)
    {
        var codePath = parse.GetRequiredValue(Code);
        if (!File.Exists(codePath)) throw new SandboxConfigurationException(CommandLine, "--code", $"file '{codePath}' does not exist");
        var inputPath = parse.GetValue(Input);
        if (inputPath is not null && inputPath != "-" && !File.Exists(inputPath)) throw new SandboxConfigurationException(CommandLine, "--input", $"file '{inputPath}' does not exist");
        string input = "{}";
        if (inputPath == "-")
        {
            using var reader = new StreamReader(new MemoryStream(await console.ReadStandardInputAsync(cancellationToken).ConfigureAwait(false)));
            input = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (inputPath is not null)
        {
            input = await File.ReadAllTextAsync(inputPath, cancellationToken).ConfigureAwait(false);
        }

        long maxResult = HarnessProtocol.DefaultMaxOutputBytes;
        if (parse.GetValue(MaxResult) is { } max && !ByteSize.TryParse(max, out maxResult, out var error))
            throw new SandboxConfigurationException(CommandLine, "--max-result", error);

        return new HarnessRequest
        {
            Template = template,
            Code = await File.ReadAllTextAsync(codePath, cancellationToken).ConfigureAwait(false),
            InputJson = input,
            Handler = parse.GetValue(Handler) ?? HarnessProtocol.DefaultHandler,
            MaxOutputBytes = maxResult,
        };
    }
}
