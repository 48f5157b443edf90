using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Validators.Policy;

/// <summary>
/// Reads a byte count: a JSON number, or a string in <see cref="LimitSyntax"/>'s grammar (<c>512m</c>, <c>1.5g</c>,
/// <c>64MiB</c>); <c>null</c> or <c>none</c> is no ceiling.
/// </summary>
internal sealed class ByteSizeConverter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var bytes) && bytes > 0) return bytes;
        if (reader.TokenType == JsonTokenType.String && LimitSyntax.TryParseSize(reader.GetString(), out var parsed, out var error)) return parsed;
        throw new JsonException("expected a positive size such as 536870912, \"512m\" or \"1GiB\", or none");
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }
}
