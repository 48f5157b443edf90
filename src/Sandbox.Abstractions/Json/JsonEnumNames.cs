using System.Text.Json;

namespace Sandbox.Abstractions.Json;

/// <summary>
/// The words for an enum's values wherever a person writes one — configuration, request bodies, plugin settings,
/// command-line flags: the camelCase names the serializer writes (<c>none</c>, <c>ifMissing</c>), read ignoring case,
/// and never a number (<c>"1"</c> is not a network mode, whatever value it happens to have in .NET).
/// </summary>
public static class JsonEnumNames
{
    /// <summary>The names of <typeparamref name="T"/>'s values, in declaration order.</summary>
    public static IReadOnlyList<string> Of<T>() where T : struct, Enum => Of(typeof(T));

    /// <summary>The names of <paramref name="enumType"/>'s values, in declaration order.</summary>
    public static IReadOnlyList<string> Of(Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        return [.. Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName)];
    }

    /// <summary>Reads one of <see cref="Of{T}"/>'s names, ignoring case.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        var name = text?.Trim();
        // Enum.TryParse also takes numbers and comma-separated combinations ("none,host"): neither is a name.
        return !string.IsNullOrEmpty(name) && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.Contains(',')
            && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
