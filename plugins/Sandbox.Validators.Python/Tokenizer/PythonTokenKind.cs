namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>The kinds of token <see cref="PythonTokenizer"/> produces.</summary>
public enum PythonTokenKind : byte
{
    /// <summary>An identifier or keyword (non-ASCII identifiers are NFKC-normalized, as Python does).</summary>
    Name,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A complete string or bytes literal that is not an f-string or t-string.</summary>
    String,

    /// <summary>The prefix and opening quote(s) of an f-string or t-string.</summary>
    FStringStart,

    /// <summary>Literal text inside an f-string, including the text of a format spec.</summary>
    FStringMiddle,

    /// <summary>The closing quote(s) of an f-string or t-string.</summary>
    FStringEnd,

    /// <summary>The <c>=</c> of a self-documenting replacement field (<c>f"{x=}"</c>).</summary>
    FStringDebug,

    /// <summary>A conversion of a replacement field: <c>!r</c>, <c>!s</c> or <c>!a</c>.</summary>
    FStringConversion,

    /// <summary>An operator or delimiter, e.g. <c>.</c>, <c>(</c>, <c>**=</c>.</summary>
    Operator,

    /// <summary>The end of a logical line (never emitted inside brackets or after a backslash continuation).</summary>
    NewLine,

    /// <summary>A comment, from <c>#</c> to the end of the line.</summary>
    Comment,

    /// <summary>The end of the source.</summary>
    EndOfFile,
}
