using System.Text.Json;
using System.Text.Json.Serialization;

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
                        case "allow": body.Allow = JsonSerializer.Deserialize<List<string>>(ref reader, options); break;
                        case "secrets": body.Secrets = JsonSerializer.Deserialize<List<string>>(ref reader, options); break;
                        default: throw new JsonException($"network.{name}: unknown member; expected allow or secrets");
                    }
                }

                return body;
            default:
                throw new JsonException("network: expected none, bridge, host or an object with allow");
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
            writer.WritePropertyName("allow");
            JsonSerializer.Serialize(writer, value.Allow, options);
        }

        if (value.Secrets is not null)
        {
            writer.WritePropertyName("secrets");
            JsonSerializer.Serialize(writer, value.Secrets, options);
        }

        writer.WriteEndObject();
    }
}
