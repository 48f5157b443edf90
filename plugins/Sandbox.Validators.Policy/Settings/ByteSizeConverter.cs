using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Sandbox.Validators.Policy;

/// <summary>Reads a byte count: a JSON number, or a string like <c>512m</c>, <c>1.5g</c>, <c>64MiB</c> (binary multiples).</summary>
internal sealed partial class ByteSizeConverter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var bytes) && bytes > 0) return bytes;
        if (reader.TokenType == JsonTokenType.String && TryParse(reader.GetString()!, out bytes)) return bytes;
        throw new JsonException("expected a positive size such as 536870912, \"512m\" or \"1GiB\"");
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }

    internal static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Size().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        var shift = match.Groups[2].Value.ToLowerInvariant() switch { "k" => 10, "m" => 20, "g" => 30, "t" => 40, _ => 0 };
        if (number > 1_000_000_000_000_000m) return false;
        var value = number * (1L << shift);
        if (value < 1 || value > long.MaxValue) return false;
        bytes = (long)value;
        return true;
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:[iI]?[bB])?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Size();
}
