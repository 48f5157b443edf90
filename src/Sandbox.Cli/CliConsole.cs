namespace Sandbox.Cli;

/// <summary>Where the CLI writes: injectable so tests can run commands in-process and read what they print.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.OpenStandardInput);

    /// <summary>Writes a one-line framework message to stderr, prefixed so it is told apart from the workload's output.</summary>
    public void Report(string message) => Error.WriteLine($"sandbox: {message}");

    private byte[]? _standardInput;

    /// <summary>
    /// Reads this process's stdin to its end, once: a command that first tried its daemon and then runs here reads
    /// the same bytes again.
    /// </summary>
    public async Task<byte[]> ReadStandardInputAsync(CancellationToken cancellationToken)
    {
        if (_standardInput is null)
        {
            using var buffer = new MemoryStream();
            await using var stdin = OpenStandardInput();
            await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            _standardInput = buffer.ToArray();
        }

        return _standardInput;
    }
}
