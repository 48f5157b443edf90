using System.Text.Json;
using Sandbox.Abstractions.Json;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Core.Configuration;

/// <summary>
/// A JSON object being read from a configuration file, with typed getters that name the exact key in every error
/// and refuse unknown members (a typo like <c>memroy</c> is an error, not a silently ignored setting).
/// </summary>
internal sealed class ConfigSection
{
    private readonly JsonElement _element;
    private readonly string _source;
    private readonly string _path;

    public ConfigSection(JsonElement element, string source, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new SandboxConfigurationException(source, path.Length == 0 ? "(root)" : path, JsonKindWords.Mismatch(JsonKindWords.Object, element));
        _element = element;
        _source = source;
        _path = path;
    }

    public string Source => _source;

    public void RejectUnknownKeys(params string[] known)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                throw Error(property.Name, JsonKindWords.UnknownMember(known));
        }
    }

    public bool Has(string key) => _element.TryGetProperty(key, out _);

    public bool IsNull(string key) => _element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Null;

    public JsonElement? Raw(string key) => _element.TryGetProperty(key, out var value) ? value : null;

    public ConfigSection? Section(string key) =>
        _element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? new ConfigSection(value, _source, KeyPath(key)) : null;

    public IEnumerable<(string Name, JsonElement Value)> Properties() => _element.EnumerateObject().Select(p => (p.Name, p.Value));

    public string? String(string key)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(key, JsonKindWords.Mismatch(JsonKindWords.String, value));
    }

    public bool? Bool(string key)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Error(key, JsonKindWords.Mismatch(JsonKindWords.Boolean, value)),
        };
    }

    public double? Number(string key) => Number(key, JsonKindWords.Number);

    /// <summary>A count: a whole number of at least <paramref name="minimum"/>.</summary>
    public int? Count(string key, int minimum)
    {
        var expected = $"{JsonKindWords.WholeNumber} of at least {minimum}";
        var value = Number(key, expected);
        if (value is null) return null;
        return value >= minimum && value <= int.MaxValue && Math.Floor(value.Value) == value
            ? (int)value.Value
            : throw Error(key, JsonKindWords.Mismatch(expected, _element.GetProperty(key)));
    }

    private double? Number(string key, string expected)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) return parsed;
        throw Error(key, JsonKindWords.Mismatch(expected, value));
    }

    /// <summary>A size like "512m"; a plain JSON number is bytes; null or a "no limit" word (<c>none</c>) is <c>null</c>.</summary>
    public long? Size(string key)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0) return number;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return LimitSyntax.TryParseSize(text, out var bytes, out var error) ? bytes : throw Error(key, error);
    }

    /// <summary>A duration like "30s"; a plain JSON number is seconds.</summary>
    public TimeSpan? Duration(string key)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return Configuration.Duration.TryParse(text, out var duration, out var error) ? duration : throw Error(key, error);
    }

    public IReadOnlyList<string> Strings(string key)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) throw Error(key, JsonKindWords.Mismatch(JsonKindWords.ArrayOf(JsonKindWords.String), value));
        return [.. value.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw Error($"{key}[{i}]", JsonKindWords.Mismatch(JsonKindWords.String, item)))];
    }

    public IReadOnlyList<ConfigSection> Sections(string key)
    {
        if (!_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) throw Error(key, JsonKindWords.Mismatch(JsonKindWords.ArrayOf(JsonKindWords.Object), value));
        return [.. value.EnumerateArray().Select((item, i) => new ConfigSection(item, _source, KeyPath($"{key}[{i}]")))];
    }

    public T Enum<T>(string key, T fallback) where T : struct, Enum
    {
        var text = String(key);
        if (text is null) return fallback;
        return JsonEnumNames.TryParse<T>(text, out var parsed) ? parsed : throw Error(key, JsonKindWords.NotOneOf(text, JsonEnumNames.Of<T>()));
    }

    public SandboxConfigurationException Error(string key, string problem) => new(_source, KeyPath(key), problem);

    private string KeyPath(string key) => _path.Length == 0 ? key : $"{_path}.{key}";
}
