namespace Sandbox.Cli;

/// <summary>Where the CLI writes: injectable so tests can run commands in-process and read what they print.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.OpenStandardInput);

    /// <summary>Writes a one-line framework message to stderr, prefixed so it is told apart from the workload's output.</summary>
    public void Report(string message) => Error.WriteLine($"sandbox: {message}");
}
