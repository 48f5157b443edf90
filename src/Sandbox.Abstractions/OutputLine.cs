namespace Sandbox.Abstractions;

/// <summary>Which output stream a piece of output came from.</summary>
public enum OutputStream
{
    /// <summary>Standard output.</summary>
    Stdout = 1,

    /// <summary>Standard error.</summary>
    Stderr = 2,
}

/// <summary>One line of output (without its line terminator) observed while the command runs.</summary>
/// <param name="Stream">The stream it was written to.</param>
/// <param name="Text">The text, decoded as UTF-8.</param>
public readonly record struct OutputLine(OutputStream Stream, string Text);
