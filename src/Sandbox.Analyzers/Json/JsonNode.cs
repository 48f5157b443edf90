using Microsoft.CodeAnalysis.Text;

namespace Sandbox.Analyzers.Json;

/// <summary>The kinds of JSON value.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with its position in the text, so diagnostics can point at it.</summary>
internal sealed class JsonNode
{
    private static readonly IReadOnlyList<JsonProperty> NoProperties = [];
    private static readonly IReadOnlyList<JsonNode> NoItems = [];

    public JsonNode(JsonKind kind, TextSpan span, string text = "", IReadOnlyList<JsonProperty>? properties = null, IReadOnlyList<JsonNode>? items = null)
    {
        Kind = kind;
        Span = span;
        Text = text;
        Properties = properties ?? NoProperties;
        Items = items ?? NoItems;
    }

    public JsonKind Kind { get; }

    /// <summary>Where the value is, quotes and brackets included.</summary>
    public TextSpan Span { get; }

    /// <summary>A string's unescaped value or a number's text; empty for the other kinds.</summary>
    public string Text { get; }

    public IReadOnlyList<JsonProperty> Properties { get; }

    public IReadOnlyList<JsonNode> Items { get; }

    /// <summary>
    /// The property named <paramref name="name"/>, compared case-insensitively and last one winning, as the runtime's
    /// System.Text.Json reader (web defaults) does.
    /// </summary>
    public JsonProperty? Property(string name) =>
        Properties.LastOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether this is the string <paramref name="value"/>, ignoring case.</summary>
    public bool IsString(string value) => Kind == JsonKind.String && string.Equals(Text, value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>An object member: its name, where the name is, and its value.</summary>
internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    /// <summary>Where the key is, quotes included.</summary>
    public TextSpan NameSpan { get; }

    public JsonNode Value { get; }
}
