using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sandbox.Core.Configuration;

/// <summary>
/// Replaces <c>${NAME}</c> and <c>${NAME:-default}</c> in every string value of a JSON document. A variable that is
/// unset and has no default is an error naming the key, because silently substituting "" hides mistakes.
/// </summary>
internal static partial class EnvironmentSubstitution
{
    /// <summary>Returns a copy of <paramref name="root"/> with references substituted.</summary>
    public static JsonElement Apply(JsonElement root, string source, Func<string, string?> lookup)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(root, writer, "", source, lookup);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>Substitutes references in one string.</summary>
    public static string Substitute(string value, string key, string source, Func<string, string?> lookup) =>
        Reference().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var resolved = lookup(name);
            if (!string.IsNullOrEmpty(resolved)) return resolved;
            if (match.Groups["default"].Success) return match.Groups["default"].Value;
            throw new SandboxConfigurationException(source, key, $"environment variable '{name}' is not set (use ${{{name}:-default}} to give a default)");
        });

    private static void Write(JsonElement element, Utf8JsonWriter writer, string path, string source, Func<string, string?> lookup)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer, path.Length == 0 ? property.Name : $"{path}.{property.Name}", source, lookup);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in element.EnumerateArray()) Write(item, writer, $"{path}[{index++}]", source, lookup);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Substitute(element.GetString()!, path, source, lookup));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
