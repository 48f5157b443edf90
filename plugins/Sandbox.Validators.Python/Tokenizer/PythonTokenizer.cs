namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>
/// A Python 3 tokenizer written for validation: it tells code from strings and comments exactly as CPython 3.12+
/// does (PEP 701 f-strings included), so that nothing inside a literal is mistaken for code and nothing that is
/// code hides inside what looks like a literal. Indentation is not tracked; logical lines are.
/// </summary>
public sealed partial class PythonTokenizer
{
    private readonly string _s;
    private readonly List<PythonToken> _tokens;
    private readonly List<TokenizeError> _errors = [];
    private Dictionary<int, string>? _normalized;
    private Stack<(char Open, int Line, int Column)> _brackets = new();
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private PythonTokenizer(string source)
    {
        _s = source;
        _tokens = new List<PythonToken>(source.Length / 3 + 16); // dense code has about one token per four characters
    }

    /// <summary>Tokenizes <paramref name="source"/>. Never throws on bad input: problems are in <see cref="TokenizeResult.Errors"/>.</summary>
    public static TokenizeResult Tokenize(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tokenizer = new PythonTokenizer(source);
        tokenizer.Run();
        return new TokenizeResult(source, tokenizer._tokens, tokenizer._errors, tokenizer._normalized);
    }

    private int Column => _pos - _lineStart + 1;

    private char Peek(int offset = 0) => _pos + offset < _s.Length ? _s[_pos + offset] : '\0';

    private bool AtEnd => _pos >= _s.Length;

    private void Run()
    {
        if (_s.Length > 0 && _s[0] == '\uFEFF') _pos = _lineStart = 1; // CPython drops a leading BOM.
        while (true)
        {
            SkipBlanks(insideField: false);
            if (AtEnd) break;
            var c = _s[_pos];
            if (c is '\n' or '\r')
            {
                if (_brackets.Count == 0 && LineHasCode()) Emit(PythonTokenKind.NewLine, _pos, 0, _line, Column);
                ConsumeNewline();
                continue;
            }

            ScanToken();
        }

        foreach (var (open, line, column) in _brackets) _errors.Add(new TokenizeError($"'{open}' was never closed", line, column));
        if (LineHasCode()) Emit(PythonTokenKind.NewLine, _pos, 0, _line, Column);
        Emit(PythonTokenKind.EndOfFile, _pos, 0, _line, Column);
    }

    // Blank and comment-only lines end no logical line.
    private bool LineHasCode()
    {
        for (var i = _tokens.Count - 1; i >= 0; i--)
        {
            var t = _tokens[i];
            if (t.Kind == PythonTokenKind.Comment) continue;
            return t.Kind != PythonTokenKind.NewLine;
        }

        return false;
    }

    /// <summary>Skips spaces, tabs, form feeds, comments and backslash continuations; inside a field, newlines too.</summary>
    private void SkipBlanks(bool insideField)
    {
        while (!AtEnd)
        {
            var c = _s[_pos];
            if (c is ' ' or '\t' or '\f')
            {
                _pos++;
            }
            else if (c == '#')
            {
                var start = _pos;
                while (!AtEnd && _s[_pos] is not ('\n' or '\r')) _pos++;
                Emit(PythonTokenKind.Comment, start, _pos - start, _line, start - _lineStart + 1);
            }
            else if (c == '\\')
            {
                if (Peek(1) is '\n' or '\r')
                {
                    _pos++;
                    ConsumeNewline();
                }
                else
                {
                    Error(AtEndAfter(1) ? "unexpected end of file after line continuation" : "unexpected character after line continuation character");
                    _pos++;
                }
            }
            else if (insideField && c is '\n' or '\r')
            {
                ConsumeNewline();
            }
            else
            {
                return;
            }
        }
    }

    private bool AtEndAfter(int offset) => _pos + offset >= _s.Length;

    /// <summary>Consumes one <c>\n</c>, <c>\r\n</c> or <c>\r</c> (CPython reads source with universal newlines).</summary>
    private void ConsumeNewline()
    {
        if (_s[_pos] == '\r' && Peek(1) == '\n') _pos++;
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private void ScanToken()
    {
        var c = _s[_pos];
        if (IsIdentifierStart(c))
        {
            ScanNameOrPrefixedString();
        }
        else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            ScanNumber();
        }
        else if (c is '\'' or '"')
        {
            ScanString(_pos, _line, Column, StringFlags.None);
        }
        else if (c == '\0')
        {
            Error("source code cannot contain null bytes");
            _pos++;
        }
        else
        {
            ScanOperator();
        }
    }

    private static readonly string[] ThreeCharOperators = ["**=", "//=", ">>=", "<<=", "..."];
    private static readonly string[] TwoCharOperators = ["**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="];
    private const string OneCharOperators = "+-*/%@&|^~<>()[]{},:;.=!";

    private void ScanOperator()
    {
        var column = Column;
        // Only these characters can start a two- or three-character operator.
        var multi = Peek(1) is '=' or '*' or '/' or '<' or '>' or '.';
        var length = multi && Matches(ThreeCharOperators, 3) ? 3 : multi && Matches(TwoCharOperators, 2) ? 2 : OneCharOperators.Contains(_s[_pos]) ? 1 : 0;
        if (length == 0)
        {
            Error($"invalid character '{_s[_pos]}' (U+{(int)_s[_pos]:X4})");
            _pos++;
            return;
        }

        if (length == 1) TrackBracket(_s[_pos], column);
        Emit(PythonTokenKind.Operator, _pos, length, _line, column);
        _pos += length;
    }

    private bool Matches(string[] operators, int length)
    {
        if (_pos + length > _s.Length) return false;
        foreach (var op in operators)
        {
            if (string.CompareOrdinal(_s, _pos, op, 0, length) == 0) return true;
        }

        return false;
    }

    private void TrackBracket(char c, int column)
    {
        switch (c)
        {
            case '(' or '[' or '{':
                _brackets.Push((c, _line, column));
                break;
            case ')' or ']' or '}':
                var open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (_brackets.Count == 0) Error($"unmatched '{c}'");
                else if (_brackets.Peek().Open != open) Error($"closing parenthesis '{c}' does not match opening parenthesis '{_brackets.Peek().Open}' on line {_brackets.Peek().Line}");
                if (_brackets.Count > 0) _brackets.Pop();
                break;
        }
    }

    private void Emit(PythonTokenKind kind, int start, int length, int line, int column, StringFlags flags = StringFlags.None) =>
        _tokens.Add(new PythonToken(kind, start, length, line, column, flags));

    private void Error(string message) => _errors.Add(new TokenizeError(message, _line, Column));

    private void Error(string message, int line, int column) => _errors.Add(new TokenizeError(message, line, column));
}
