namespace Sandbox.Validators.Python.Tokenizer;

// String literals, f-strings and t-strings. Replacement fields are tokenized as code (PEP 701 rules: a field may
// hold any expression, nested strings with the same quotes, comments in triple-quoted strings, nested fields in
// the format spec).
public sealed partial class PythonTokenizer
{
    /// <summary>Parses a string prefix (<c>r</c>, <c>b</c>, <c>u</c>, <c>f</c>, <c>t</c> and their valid combinations, any case).</summary>
    internal static bool TryParsePrefix(ReadOnlySpan<char> prefix, out StringFlags flags)
    {
        flags = StringFlags.None;
        if (prefix.Length is 0 or > 2) return false;
        foreach (var c in prefix)
        {
            var flag = char.ToLowerInvariant(c) switch
            {
                'r' => StringFlags.Raw,
                'b' => StringFlags.Bytes,
                'u' => StringFlags.Unicode,
                'f' => StringFlags.Format,
                't' => StringFlags.Template,
                _ => StringFlags.None,
            };
            if (flag == StringFlags.None || (flags & flag) != 0) return false;
            flags |= flag;
        }

        // Valid: r, u, b, f, t, and r combined with one of b, f, t.
        return prefix.Length == 1 || (flags & StringFlags.Raw) != 0 && (flags & StringFlags.Unicode) == 0;
    }

    private void ScanString(int start, int line, int column, StringFlags flags)
    {
        var quote = _s[_pos];
        var triple = Peek(1) == quote && Peek(2) == quote;
        if (triple) flags |= StringFlags.Triple;
        _pos += triple ? 3 : 1;
        if ((flags & (StringFlags.Format | StringFlags.Template)) != 0)
        {
            ScanFString(start, line, column, flags, quote);
            return;
        }

        while (true)
        {
            if (AtEnd)
            {
                Error(triple ? "unterminated triple-quoted string literal" : "unterminated string literal", line, column);
                break;
            }

            var c = _s[_pos];
            if (c == '\\')
            {
                // Even in a raw string a backslash keeps the next character (a quote, or a newline) in the literal.
                _pos++;
                if (AtEnd) continue;
                if (_s[_pos] is '\n' or '\r') ConsumeNewline();
                else _pos++;
            }
            else if (c == quote)
            {
                if (!triple)
                {
                    _pos++;
                    break;
                }

                if (Peek(1) == quote && Peek(2) == quote)
                {
                    _pos += 3;
                    break;
                }

                _pos++;
            }
            else if (c is '\n' or '\r')
            {
                if (!triple)
                {
                    Error("unterminated string literal", line, column);
                    break;
                }

                ConsumeNewline();
            }
            else
            {
                _pos++;
            }
        }

        Emit(PythonTokenKind.String, start, _pos - start, line, column, flags);
    }

    private bool AtClosingQuote(char quote, bool triple) =>
        _s[_pos] == quote && (!triple || (Peek(1) == quote && Peek(2) == quote));

    private void ScanFString(int start, int line, int column, StringFlags flags, char quote)
    {
        var triple = (flags & StringFlags.Triple) != 0;
        var raw = (flags & StringFlags.Raw) != 0;
        Emit(PythonTokenKind.FStringStart, start, _pos - start, line, column, flags);
        int literal = _pos, literalLine = _line, literalColumn = Column;
        while (true)
        {
            if (AtEnd)
            {
                Error(triple ? "unterminated triple-quoted f-string literal" : "unterminated f-string literal", line, column);
                FlushLiteral(literal, literalLine, literalColumn);
                return;
            }

            var c = _s[_pos];
            if (AtClosingQuote(quote, triple))
            {
                FlushLiteral(literal, literalLine, literalColumn);
                var length = triple ? 3 : 1;
                Emit(PythonTokenKind.FStringEnd, _pos, length, _line, Column, flags);
                _pos += length;
                return;
            }

            if (c == '\\')
            {
                SkipFStringEscape(raw, quote);
            }
            else if (c == '{' && Peek(1) == '{')
            {
                _pos += 2;
            }
            else if (c == '{')
            {
                FlushLiteral(literal, literalLine, literalColumn);
                ScanReplacementField(quote, triple, raw);
                (literal, literalLine, literalColumn) = (_pos, _line, Column);
            }
            else if (c == '}')
            {
                if (Peek(1) != '}') Error("f-string: single '}' is not allowed");
                _pos += Peek(1) == '}' ? 2 : 1;
            }
            else if (c is '\n' or '\r')
            {
                if (!triple)
                {
                    Error("unterminated f-string literal", line, column);
                    FlushLiteral(literal, literalLine, literalColumn);
                    return;
                }

                ConsumeNewline();
            }
            else
            {
                _pos++;
            }
        }
    }

    // In a non-raw f-string "\N{...}" is a named escape, not a field; "\{" leaves the brace to start a field.
    // In a raw one the backslash only protects a following quote or backslash, as in any raw string.
    private void SkipFStringEscape(bool raw, char quote)
    {
        var next = Peek(1);
        if (!raw && next == 'N' && Peek(2) == '{')
        {
            _pos += 3;
            while (!AtEnd && _s[_pos] != '}' && _s[_pos] != quote && _s[_pos] is not ('\n' or '\r')) _pos++;
            if (!AtEnd && _s[_pos] == '}') _pos++;
            return;
        }

        _pos++;
        if (AtEnd || next is '{' or '}') return;
        if (next is '\n' or '\r') ConsumeNewline();
        else if (!raw || next == quote || next == '\\') _pos++;
    }

    private void FlushLiteral(int start, int line, int column)
    {
        if (_pos > start) Emit(PythonTokenKind.FStringMiddle, start, _pos - start, line, column);
    }

    /// <summary>Scans <c>{ expression [=] [!conv] [:spec] }</c>; the expression is tokenized as ordinary code.</summary>
    private void ScanReplacementField(char quote, bool triple, bool raw)
    {
        Emit(PythonTokenKind.Operator, _pos, 1, _line, Column);
        var (fieldLine, fieldColumn) = (_line, Column);
        _pos++;
        var outer = _brackets;
        _brackets = new Stack<(char, int, int)>();
        try
        {
            while (true)
            {
                SkipBlanks(insideField: true);
                if (AtEnd)
                {
                    Error("f-string: expecting '}'", fieldLine, fieldColumn);
                    return;
                }

                var c = _s[_pos];
                if (_brackets.Count == 0)
                {
                    if (c == '}')
                    {
                        Emit(PythonTokenKind.Operator, _pos++, 1, _line, Column - 1);
                        return;
                    }

                    if (c == ':')
                    {
                        Emit(PythonTokenKind.Operator, _pos++, 1, _line, Column - 1);
                        ScanFormatSpec(quote, triple, raw, fieldLine, fieldColumn);
                        return;
                    }

                    if (c == '!' && Peek(1) != '=')
                    {
                        var start = _pos;
                        var column = Column;
                        _pos++;
                        while (!AtEnd && IsIdentifierPart(_s[_pos])) _pos++;
                        Emit(PythonTokenKind.FStringConversion, start, _pos - start, _line, column);
                        continue;
                    }

                    if (c == '=' && Peek(1) != '=')
                    {
                        Emit(PythonTokenKind.FStringDebug, _pos++, 1, _line, Column - 1);
                        continue;
                    }
                }

                ScanToken();
            }
        }
        finally
        {
            _brackets = outer;
        }
    }

    private void ScanFormatSpec(char quote, bool triple, bool raw, int fieldLine, int fieldColumn)
    {
        int literal = _pos, literalLine = _line, literalColumn = Column;
        while (true)
        {
            if (AtEnd || AtClosingQuote(quote, triple) || (!triple && _s[_pos] is '\n' or '\r'))
            {
                Error("f-string: expecting '}'", fieldLine, fieldColumn);
                FlushLiteral(literal, literalLine, literalColumn);
                return;
            }

            var c = _s[_pos];
            if (c == '{')
            {
                FlushLiteral(literal, literalLine, literalColumn);
                ScanReplacementField(quote, triple, raw);
                (literal, literalLine, literalColumn) = (_pos, _line, Column);
            }
            else if (c == '}')
            {
                FlushLiteral(literal, literalLine, literalColumn);
                Emit(PythonTokenKind.Operator, _pos++, 1, _line, Column - 1);
                return;
            }
            else if (c == '\\')
            {
                SkipFStringEscape(raw, quote);
            }
            else if (c is '\n' or '\r')
            {
                ConsumeNewline();
            }
            else
            {
                _pos++;
            }
        }
    }
}
