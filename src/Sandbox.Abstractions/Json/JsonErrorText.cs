using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sandbox.Abstractions.Json;

/// <summary>
/// Says what a <see cref="JsonException"/> from reading a document means in the document's own terms — where, and what
/// was expected there — for a caller who wrote JSON, not .NET: the serializer's messages name .NET types
/// (<c>System.Collections.Generic.List`1[System.String]</c>).
/// </summary>
public static class JsonErrorText
{
    private const string ConversionFailed = "The JSON value could not be converted to ";
    private const string UnmappedMember = "could not be mapped to any .NET member";

    /// <summary>
    /// The failure of reading a <paramref name="document"/>-shaped value, e.g. <c>command: expected an array (each a
    /// string)</c>, <c>comand: unknown member; expected one of command, image</c>, or for text that is not JSON the
    /// reader's own words (<c>not valid JSON: '}' is invalid after a property name.</c>). A caller reading a file adds
    /// the line and column (<see cref="JsonException.LineNumber"/>).
    /// </summary>
    public static string Describe(JsonException exception, JsonTypeInfo document) => Explain(exception, document).ToString();

    /// <summary>As <see cref="Describe"/>, with the member's path apart, for callers that name it themselves.</summary>
    public static JsonProblem Explain(JsonException exception, JsonTypeInfo document)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(document);
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];

        var path = exception.Path is { Length: > 1 } p ? p : null;
        // The reader's own failure (the text is not JSON): the serializer's path is only where it stopped reading.
        if (exception.InnerException is JsonException) return new JsonProblem(null, $"not valid JSON: {message}");
        if (exception is JsonMemberException member) path = JsonProblem.Join(path ?? "$", member.Member);
        var what = message.StartsWith(ConversionFailed, StringComparison.Ordinal)
            ? $"expected {(path is null ? Shape(document) : TypeAt(document, path) is { } target ? Shape(target) : "a value of another kind")}"
            : message.Contains(UnmappedMember, StringComparison.Ordinal)
                ? JsonKindWords.UnknownMember(path is not null && TypeAt(document, Parent(path)) is { Kind: JsonTypeInfoKind.Object } parent
                    ? parent.Properties.Select(property => property.Name)
                    : [])
                : message;
        return new JsonProblem(path is null ? null : MemberPath(path), what);
    }

    // $.files[0].mode -> files[0].mode: the member as the document spells it.
    private static string MemberPath(string jsonPath) =>
        jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    // The path of the object holding the last member of a path: $.limits.bogus -> $.limits, $.env['A B'] -> $.env.
    private static string Parent(string path)
    {
        var last = path.EndsWith("']", StringComparison.Ordinal) ? path.LastIndexOf("['", StringComparison.Ordinal) : path.LastIndexOfAny(['.', '[']);
        return last <= 0 ? "$" : path[..last];
    }

    // What a value of this type looks like in JSON.
    private static string Shape(JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type == typeof(string) || type == typeof(char)) return JsonKindWords.String;
        if (type == typeof(bool)) return JsonKindWords.Boolean;
        if (type.IsEnum) return JsonKindWords.OneOf(JsonEnumNames.Of(type));
        if (type == typeof(float) || type == typeof(double) || type == typeof(decimal)) return JsonKindWords.Number;
        if (type.IsPrimitive) return JsonKindWords.WholeNumber;
        if (type == typeof(JsonElement)) return "any JSON value";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a date and time (ISO 8601)";
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable when info.ElementType is { } element => JsonKindWords.ArrayOf(Shape(info.Options.GetTypeInfo(element))),
            JsonTypeInfoKind.Dictionary when info.ElementType is { } value => JsonKindWords.ObjectOf(Shape(info.Options.GetTypeInfo(value))),
            JsonTypeInfoKind.Object => JsonKindWords.Object,
            _ => "a value of another kind",
        };
    }

    // The declared type of the value at a path such as $.files[0].mode or $.env['A B'], or null if it cannot be followed.
    private static JsonTypeInfo? TypeAt(JsonTypeInfo document, string path)
    {
        var info = document;
        var at = 1;
        while (at < path.Length)
        {
            string? name = null;
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                name = path[(at + 1)..(end < 0 ? path.Length : end)];
                at = end < 0 ? path.Length : end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                var end = path.IndexOf("']", at, StringComparison.Ordinal);
                if (end < 0) return null;
                name = path[(at + 2)..end];
                at = end + 2;
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at);
                if (end < 0 || info.Kind != JsonTypeInfoKind.Enumerable || info.ElementType is null) return null;
                info = info.Options.GetTypeInfo(info.ElementType);
                at = end + 1;
                continue;
            }
            else
            {
                return null;
            }

            var comparison = info.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var next = info.Kind switch
            {
                JsonTypeInfoKind.Object => info.Properties.FirstOrDefault(property => string.Equals(property.Name, name, comparison))?.PropertyType,
                JsonTypeInfoKind.Dictionary => info.ElementType,
                _ => null,
            };
            if (next is null) return null;
            info = info.Options.GetTypeInfo(next);
        }

        return info;
    }
}
