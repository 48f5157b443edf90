using System.Text.Json;

namespace Sandbox.Abstractions.Json;

/// <summary>
/// The words the framework's errors use for what a JSON value must be or was ("expected an array (each a string), got
/// the number 5"), for a member no one expected and for a word outside its set, whether they come from a .NET type
/// (<see cref="JsonErrorText"/>), a configuration file, a request body or a JSON schema (the MCP tools' arguments), so
/// every message reads alike. Where a message names a member, it uses the member's path as the document spells it,
/// without JSONPath's <c>$.</c>: <c>limits.memory</c>, <c>files[0].path</c>, <c>env['A B']</c>.
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
    /// What <paramref name="value"/> is, for <see cref="Mismatch"/>: <c>the string "ls"</c>, <c>the number 1.5</c>,
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

    /// <summary>A value of the wrong kind: <c>expected a string, got the number 5</c>.</summary>
    public static string Mismatch(string expected, JsonElement value) => $"expected {expected}, got {Of(value)}";

    /// <summary>A word outside its set: <c>'sometimes' is not one of missing, never, always</c>.</summary>
    public static string NotOneOf(string? text, IEnumerable<string> names) => $"'{text}' is not {OneOf(names)}";

    /// <summary>A member the document does not have: <c>unknown member; expected one of image, memory</c>.</summary>
    public static string UnknownMember(IEnumerable<string> known) =>
        known.Any() ? $"unknown member; expected {OneOf(known)}" : "unknown member";
}
