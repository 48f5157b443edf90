using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Sandbox.Analyzers.Json;

/// <summary>
/// A small JSON reader that keeps positions. Analyzers cannot count on System.Text.Json being loadable in every host
/// (Visual Studio's compiler runs on .NET Framework), so this one depends on nothing. It accepts what the runtime's
/// reader is configured to accept in <c>sandbox.json</c>: comments and trailing commas.
/// </summary>
internal sealed class JsonParser
{
    // Deeper nesting is not a configuration file; refusing it keeps a hostile file from overflowing the stack.
    private const int MaxDepth = 64;

    private readonly string _text;
    private int _position;

    private JsonParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; <c>null</c> when it is not valid JSON (the CLI reports syntax errors).</summary>
    public static JsonNode? Parse(string text)
    {
        var parser = new JsonParser(text);
        try
        {
            var root = parser.ParseValue(0);
            parser.SkipTrivia();
            return parser._position == text.Length ? root : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private JsonNode ParseValue(int depth)
    {
        if (depth > MaxDepth) throw new FormatException("Too deeply nested.");
        SkipTrivia();
        var start = _position;
        switch (Peek())
        {
            case '{': return ParseObject(depth);
            case '[': return ParseArray(depth);
            case '"':
                var text = ParseString();
                return new JsonNode(JsonKind.String, Span(start), text);
            case 't': return Literal("true", JsonKind.True);
            case 'f': return Literal("false", JsonKind.False);
            case 'n': return Literal("null", JsonKind.Null);
            default: return ParseNumber();
        }
    }

    private JsonNode ParseObject(int depth)
    {
        var start = _position++;
        var properties = new List<JsonProperty>();
        while (true)
        {
            SkipTrivia();
            if (Peek() == '}') break;
            var nameStart = _position;
            if (Peek() != '"') throw new FormatException("Expected a property name.");
            var name = ParseString();
            var nameSpan = Span(nameStart);
            SkipTrivia();
            Expect(':');
            properties.Add(new JsonProperty(name, nameSpan, ParseValue(depth + 1)));
            if (!SkipComma()) break;
        }

        Expect('}');
        return new JsonNode(JsonKind.Object, Span(start), properties: properties);
    }

    private JsonNode ParseArray(int depth)
    {
        var start = _position++;
        var items = new List<JsonNode>();
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']') break;
            items.Add(ParseValue(depth + 1));
            if (!SkipComma()) break;
        }

        Expect(']');
        return new JsonNode(JsonKind.Array, Span(start), items: items);
    }

    // After a member: true when a comma follows. A trailing comma before the closer is allowed: the loop then
    // finds the closer and stops.
    private bool SkipComma()
    {
        SkipTrivia();
        if (Peek() != ',') return false;
        _position++;
        return true;
    }

    private string ParseString()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            var c = Next();
            if (c == '"') return builder.ToString();
            if (c < ' ') throw new FormatException("Control character in a string.");
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            var escape = Next();
            builder.Append(escape switch
            {
                '"' or '\\' or '/' => escape,
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => ParseUnicodeEscape(),
                _ => throw new FormatException("Invalid escape."),
            });
        }
    }

    private char ParseUnicodeEscape()
    {
        if (_position + 4 > _text.Length) throw new FormatException("Truncated \\u escape.");
        var hex = _text.Substring(_position, 4);
        _position += 4;
        return int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            ? (char)code
            : throw new FormatException("Invalid \\u escape.");
    }

    private JsonNode ParseNumber()
    {
        var start = _position;
        while (_position < _text.Length && "+-.0123456789eE".IndexOf(_text[_position]) >= 0) _position++;
        var text = _text.Substring(start, _position - start);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) throw new FormatException("Invalid value.");
        return new JsonNode(JsonKind.Number, Span(start), text);
    }

    private JsonNode Literal(string literal, JsonKind kind)
    {
        var start = _position;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0) throw new FormatException("Invalid literal.");
        _position += literal.Length;
        return new JsonNode(kind, Span(start));
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                var end = _text.IndexOf('\n', _position);
                _position = end < 0 ? _text.Length : end + 1;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0) throw new FormatException("Unterminated comment.");
                _position = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private void Expect(char c)
    {
        if (Next() != c) throw new FormatException($"Expected '{c}'.");
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char Next() => _position < _text.Length ? _text[_position++] : throw new FormatException("Unexpected end.");

    private TextSpan Span(int start) => TextSpan.FromBounds(start, _position);
}
