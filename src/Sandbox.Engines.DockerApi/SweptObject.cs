using System.Text.Json;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// What the orphan sweep reads of each container, volume or network the engine lists: how to name it and its labels
/// (the same fields on Docker and Podman's compatible API).
/// </summary>
internal sealed record SweptObject(string Id, string Name, IDictionary<string, string> Labels)
{
    /// <summary>The query string that lists only the framework's objects (plus <paramref name="more"/> filters).</summary>
    public static string ManagedFilter(string more = "") =>
        "filters=" + Uri.EscapeDataString($$"""{"label":["{{SandboxLabels.ManagedFilter}}"]{{more}}}""");

    /// <summary>Reads a list answer: an array of objects, or (volumes) an object whose <paramref name="listProperty"/> is one.</summary>
    public static IReadOnlyList<SweptObject> ReadList(JsonElement answer, string? listProperty = null)
    {
        var list = listProperty is null ? answer : answer.TryGetProperty(listProperty, out var inner) ? inner : default;
        if (list.ValueKind != JsonValueKind.Array) return [];
        return [.. list.EnumerateArray().Select(Read)];
    }

    private static SweptObject Read(JsonElement item)
    {
        var id = Text(item, "Id") ?? Text(item, "ID") ?? Text(item, "Name") ?? "";
        // Containers list names as "/name" in an array; volumes and networks have one plain name.
        var name = Text(item, "Name")
            ?? (item.TryGetProperty("Names", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0 ? names[0].GetString()?.TrimStart('/') : null)
            ?? id;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("Labels", out var found) && found.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in found.EnumerateObject()) labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
        }

        return new SweptObject(id, name, labels);
    }

    private static string? Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
