using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;

namespace Sandbox.Server.Contracts;

/// <summary>Reads <c>"network"</c> as a mode string or an <c>{"allow", "secrets"}</c> object (see <see cref="NetworkBody"/>).</summary>
internal sealed class NetworkBodyConverter : JsonConverter<NetworkBody>
{
    public override NetworkBody? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new NetworkBody { Mode = reader.GetString() };
            case JsonTokenType.StartObject:
                var body = new NetworkBody();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "allow": body.Allow = ReadStrings(ref reader, name); break;
                        case "secrets": body.Secrets = ReadStrings(ref reader, name); break;
                        default: throw new JsonMemberException(name ?? "", JsonKindWords.UnknownMember(["allow", "secrets"]));
                    }
                }

                return body;
            default:
                throw new JsonException($"expected {JsonKindWords.OneOf(JsonEnumNames.Of<NetworkPolicy>())} or {JsonKindWords.Object} with allow");
        }
    }

    public override void Write(Utf8JsonWriter writer, NetworkBody value, JsonSerializerOptions options)
    {
        if (value.Allow is null && value.Secrets is null)
        {
            writer.WriteStringValue(value.Mode);
            return;
        }

        writer.WriteStartObject();
        if (value.Allow is not null)
        {
            WriteStrings(writer, "allow", value.Allow);
        }

        if (value.Secrets is not null)
        {
            WriteStrings(writer, "secrets", value.Secrets);
        }

        writer.WriteEndObject();
    }

    // By hand rather than through the serializer: a converter's options need not know List<string> (the CLI compiled
    // ahead of time has only generated metadata).
    private static List<string>? ReadStrings(ref Utf8JsonReader reader, string? name)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonMemberException(name ?? "", $"expected {JsonKindWords.ArrayOf(JsonKindWords.String)}");
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            values.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonMemberException($"{name}[{values.Count}]", $"expected {JsonKindWords.String}"));
        return values;
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, List<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
