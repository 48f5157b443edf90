namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>Something the tokenizer could not make sense of; Python would reject the source too.</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record TokenizeError(string Message, int Line, int Column);
