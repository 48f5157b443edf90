using System.Globalization;
using System.Text;

namespace Sandbox.Validators.Python.Tokenizer;

// Names (with Python's NFKC normalization of non-ASCII identifiers) and numbers.
public sealed partial class PythonTokenizer
{
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
            var ok = rune.Value == '_' || category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                || (i > 0 && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation);
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
}
