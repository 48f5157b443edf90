using Sandbox.Abstractions;

namespace Sandbox.Core.Harness;

/// <summary>A harness template could not be found, parsed or rendered. Carries the file, line and column.</summary>
public sealed class TemplateException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The template file (or template name when no file is involved).</param>
    /// <param name="line">1-based line, when known.</param>
    /// <param name="column">1-based column, when known.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TemplateException(string file, int? line, int? column, string problem, Exception? innerException = null)
        : base(line is null ? $"{file}: {problem}" : $"{file}({line},{column ?? 1}): {problem}", innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.Template;

    /// <summary>The template file.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public int? Line { get; }

    /// <summary>1-based column.</summary>
    public int? Column { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
