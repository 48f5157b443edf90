using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Sandbox.Validators.Policy;

/// <summary>Reads a duration: a JSON number of seconds, or a string like <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>00:05:00</c>.</summary>
internal sealed partial class DurationConverter : JsonConverter<TimeSpan?>
{
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
            return TimeSpan.FromSeconds(seconds);
        if (reader.TokenType == JsonTokenType.String && TryParse(reader.GetString()!, out var duration)) return duration;
        throw new JsonException("expected a positive duration such as 30, \"30s\", \"5m\", \"1h\" or \"00:05:00\"");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(v.ToString("c", CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }

    internal static bool TryParse(string text, out TimeSpan duration)
    {
        var match = Unit().Match(text);
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            duration = match.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "m" or "min" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => TimeSpan.FromSeconds(number),
            };
        }
        else if (!TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        return duration > TimeSpan.Zero;
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Unit();
}
