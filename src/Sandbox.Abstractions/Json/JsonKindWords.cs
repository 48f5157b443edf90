using System.Text.Json;

namespace Sandbox.Abstractions.Json;

/// <summary>
/// The words the framework's errors use for what a JSON value must be or was ("expected an array (each a string)"),
/// whether they come from a .NET type (<see cref="JsonErrorText"/>) or from a JSON schema (the MCP tools' arguments),
/// so every message reads alike.
/// </summary>
public static class JsonKindWords
{
    /// <summary>A JSON string.</summary>
    public const string String = "a string";

    /// <summary>A JSON number without a fraction or exponent.</summary>
    public const string WholeNumber = "a whole number";

    /// <summary>Any JSON number.</summary>
    public const string Number = "a number";

    /// <summary>A JSON boolean.</summary>
    public const string Boolean = "true or false";

    /// <summary>A JSON array of unknown elements.</summary>
    public const string Array = "an array";

    /// <summary>A JSON object of unknown members.</summary>
    public const string Object = "an object";

    /// <summary>An array whose elements are each <paramref name="each"/>.</summary>
    public static string ArrayOf(string each) => $"{Array} (each {each})";

    /// <summary>An object whose members are each <paramref name="member"/>.</summary>
    public static string ObjectOf(string member) => $"{Object} (each member {member})";

    /// <summary>
    /// What <paramref name="value"/> is, for "expected …, got …": <c>the string "ls"</c>, <c>the number 1.5</c>,
    /// <c>the boolean true</c>, <c>an array</c>, <c>an object</c>, <c>null</c>. Long strings and numbers are cut.
    /// </summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Cut(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Cut(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => Array,
        JsonValueKind.Object => Object,
        _ => "null",
    };

    private static string Cut(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    /// <summary>One of the <paramref name="names"/>.</summary>
    public static string OneOf(IEnumerable<string> names) => $"one of {string.Join(", ", names)}";
}
