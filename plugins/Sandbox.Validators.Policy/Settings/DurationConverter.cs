using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Validators.Policy;

/// <summary>
/// Reads a duration: a JSON number of seconds, or a string in <see cref="LimitSyntax"/>'s grammar (<c>500ms</c>,
/// <c>30s</c>, <c>5min</c>, <c>1h</c>, <c>00:05:00</c>); <c>null</c> or <c>none</c> is no ceiling.
/// </summary>
internal sealed class DurationConverter : JsonConverter<TimeSpan?>
{
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetDouble(out var seconds) ? seconds.ToString("R", CultureInfo.InvariantCulture) : "",
            _ => "",
        };
        if (LimitSyntax.TryParseDuration(text, out var duration, out _)) return duration;
        throw new JsonException("expected a positive duration such as 30, \"30s\", \"5min\", \"1h\" or \"00:05:00\", or none");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(v.ToString("c", CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
