namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>The tokens of one source text, in source order, and the problems met on the way.</summary>
public sealed class TokenizeResult
{
    private readonly Dictionary<int, string>? _normalizedNames;

    internal TokenizeResult(string source, List<PythonToken> tokens, List<TokenizeError> errors, Dictionary<int, string>? normalizedNames)
    {
        Source = source;
        Tokens = tokens;
        Errors = errors;
        _normalizedNames = normalizedNames;
    }

    /// <summary>The source text.</summary>
    public string Source { get; }

    /// <summary>Every token, ending with <see cref="PythonTokenKind.EndOfFile"/>.</summary>
    public IReadOnlyList<PythonToken> Tokens { get; }

    /// <summary>Problems met; empty for source Python would tokenize.</summary>
    public IReadOnlyList<TokenizeError> Errors { get; }

    /// <summary>The text of <paramref name="token"/>; a name is given in its NFKC-normalized form, as Python sees it.</summary>
    public ReadOnlySpan<char> TextOf(in PythonToken token)
    {
        if (_normalizedNames is not null && token.Kind == PythonTokenKind.Name && _normalizedNames.TryGetValue(token.Start, out var name)) return name;
        return Source.AsSpan(token.Start, token.Length);
    }

    /// <summary>The text of token <paramref name="index"/>.</summary>
    public string StringOf(int index) => TextOf(Tokens[index]).ToString();
}
