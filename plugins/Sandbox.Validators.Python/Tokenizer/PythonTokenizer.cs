using System.Text;

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
        _tokens = new List<PythonToken>(source.Length / 4 + 16);
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

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= 0x80;

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c >= 0x80;

    private void ScanNameOrPrefixedString()
    {
        int start = _pos, line = _line, column = Column;
        var ascii = true;
        while (!AtEnd && IsIdentifierPart(_s[_pos]))
        {
            ascii &= _s[_pos] < 0x80;
            _pos++;
        }

        if (ascii && Peek() is '\'' or '"' && TryParsePrefix(_s.AsSpan(start, _pos - start), out var flags))
        {
            ScanString(start, line, column, flags);
            return;
        }

        if (!ascii) NormalizeName(start, line, column);
        Emit(PythonTokenKind.Name, start, _pos - start, line, column);
    }

    // Python tokenizes every non-ASCII character as a potential identifier character, then NFKC-normalizes the
    // identifier: "ｅｖａｌ" and "𝐞val" both name eval. Anything that is not an identifier after that is a syntax error.
    private void NormalizeName(int start, int line, int column)
    {
        var normalized = _s.Substring(start, _pos - start).Normalize(NormalizationForm.FormKC);
        (_normalized ??= [])[start] = normalized;
        if (!IsValidIdentifier(normalized)) _errors.Add(new TokenizeError($"invalid character in identifier '{normalized}'", line, column));
    }

    private static bool IsValidIdentifier(string name)
    {
        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done) return false;
            var category = Rune.GetUnicodeCategory(rune);
            var ok = rune.Value == '_' || category is System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
                or System.Globalization.UnicodeCategory.TitlecaseLetter or System.Globalization.UnicodeCategory.ModifierLetter
                or System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.LetterNumber
                || (i > 0 && category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
                    or System.Globalization.UnicodeCategory.DecimalDigitNumber or System.Globalization.UnicodeCategory.ConnectorPunctuation);
            if (!ok) return false;
            i += used;
        }

        return name.Length > 0;
    }

    // Numbers end where CPython's do: "0x1for" is 0x1f then "or", "1if" is 1 then "if".
    private void ScanNumber()
    {
        int start = _pos, column = Column;
        if (_s[_pos] == '0' && Peek(1) is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = char.ToLowerInvariant(Peek(1));
            _pos += 2;
            while (!AtEnd && (_s[_pos] == '_' || IsRadixDigit(_s[_pos], radix))) _pos++;
        }
        else
        {
            SkipDigits();
            if (Peek() == '.')
            {
                _pos++;
                SkipDigits();
            }

            if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
            {
                _pos += Peek(1) is '+' or '-' ? 2 : 1;
                SkipDigits();
            }

            if (Peek() is 'j' or 'J') _pos++;
        }

        Emit(PythonTokenKind.Number, start, _pos - start, _line, column);
    }

    private void SkipDigits()
    {
        while (!AtEnd && (char.IsAsciiDigit(_s[_pos]) || (_s[_pos] == '_' && char.IsAsciiDigit(Peek(1))))) _pos++;
    }

    private static bool IsRadixDigit(char c, char radix) => radix switch
    {
        'x' => char.IsAsciiHexDigit(c),
        'o' => c is >= '0' and <= '7',
        _ => c is '0' or '1',
    };

    private static readonly string[] ThreeCharOperators = ["**=", "//=", ">>=", "<<=", "..."];
    private static readonly string[] TwoCharOperators = ["**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="];
    private const string OneCharOperators = "+-*/%@&|^~<>()[]{},:;.=!";

    private void ScanOperator()
    {
        var column = Column;
        var length = Matches(ThreeCharOperators, 3) ? 3 : Matches(TwoCharOperators, 2) ? 2 : OneCharOperators.Contains(_s[_pos]) ? 1 : 0;
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
