using System.Globalization;
using System.Text;

namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>Decodes the value of a string or bytes literal token, as Python would evaluate it.</summary>
public static class StringLiteral
{
    /// <summary>
    /// Decodes <paramref name="literal"/> (the whole token text, prefix and quotes included). Returns <c>false</c> when
    /// the value cannot be known exactly: an unterminated literal, an f-string, or a <c>\N{...}</c> name outside the
    /// small table this decoder knows. Callers treat such a value as unknown, never as empty.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> literal, out string value)
    {
        value = "";
        var prefixLength = 0;
        while (prefixLength < literal.Length && literal[prefixLength] is not ('\'' or '"')) prefixLength++;
        if (!PythonTokenizer.TryParsePrefix(literal[..prefixLength], out var flags) && prefixLength > 0) return false;
        if ((flags & (StringFlags.Format | StringFlags.Template)) != 0) return false;
        var body = literal[prefixLength..];
        if (body.Length < 2) return false;
        var quoteLength = body.Length >= 6 && body[1] == body[0] && body[2] == body[0] ? 3 : 1;
        if (body.Length < 2 * quoteLength || body[^1] != body[0] || (quoteLength == 3 && (body[^2] != body[0] || body[^3] != body[0]))) return false;
        var content = body[quoteLength..^quoteLength];
        if ((flags & StringFlags.Raw) != 0)
        {
            value = content.ToString();
            return true;
        }

        return TryUnescape(content, (flags & StringFlags.Bytes) != 0, out value);
    }

    private static bool TryUnescape(ReadOnlySpan<char> s, bool bytes, out string value)
    {
        value = "";
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = s[++i];
            switch (e)
            {
                case '\n': break;
                case '\r':
                    if (i + 1 < s.Length && s[i + 1] == '\n') i++;
                    break;
                case '\\' or '\'' or '"': sb.Append(e); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                    var octal = 0;
                    var digits = 0;
                    for (; digits < 3 && i < s.Length && s[i] is >= '0' and <= '7'; digits++, i++) octal = octal * 8 + (s[i] - '0');
                    i--;
                    sb.Append((char)octal);
                    break;
                case 'x':
                    if (!TryHex(s, ref i, 2, sb)) return false;
                    break;
                case 'u' when !bytes:
                    if (!TryHex(s, ref i, 4, sb)) return false;
                    break;
                case 'U' when !bytes:
                    if (!TryHex(s, ref i, 8, sb)) return false;
                    break;
                case 'N' when !bytes:
                    var close = i + 1 < s.Length && s[i + 1] == '{' ? s[(i + 2)..].IndexOf('}') : -1;
                    if (close < 0 || !TryNamedCharacter(s.Slice(i + 2, close).ToString(), out var named)) return false;
                    sb.Append(named);
                    i += close + 2;
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        value = sb.ToString();
        return true;
    }

    private static bool TryHex(ReadOnlySpan<char> s, ref int i, int count, StringBuilder sb)
    {
        if (i + 1 + count > s.Length || !int.TryParse(s.Slice(i + 1, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)) return false;
        if (code > 0x10FFFF) return false;
        sb.Append(char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
        i += count;
        return true;
    }

    // Enough of the Unicode name table to see through "\N{LATIN SMALL LETTER O}s"; other names make the value unknown.
    private static bool TryNamedCharacter(string name, out string value)
    {
        value = "";
        var upper = name.Trim().ToUpperInvariant();
        const string small = "LATIN SMALL LETTER ", capital = "LATIN CAPITAL LETTER ", digit = "DIGIT ";
        if (upper.StartsWith(small, StringComparison.Ordinal) && upper.Length == small.Length + 1 && char.IsAsciiLetterUpper(upper[^1]))
            value = char.ToLowerInvariant(upper[^1]).ToString();
        else if (upper.StartsWith(capital, StringComparison.Ordinal) && upper.Length == capital.Length + 1 && char.IsAsciiLetterUpper(upper[^1]))
            value = upper[^1].ToString();
        else if (upper.StartsWith(digit, StringComparison.Ordinal) && Array.IndexOf(DigitNames, upper[digit.Length..]) is var d and >= 0)
            value = ((char)('0' + d)).ToString();
        else
            value = upper switch { "LOW LINE" => "_", "FULL STOP" => ".", "SPACE" => " ", "HYPHEN-MINUS" => "-", "SOLIDUS" => "/", _ => "" };
        return value.Length > 0;
    }

    private static readonly string[] DigitNames = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"];
}
