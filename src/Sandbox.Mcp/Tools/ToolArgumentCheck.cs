using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandbox.Abstractions.Json;

namespace Sandbox.Mcp.Tools;

/// <summary>
/// Checks a call's arguments against the input schema the tool lists, before the SDK binds them. The SDK answers a value
/// it cannot bind (a string for an array, a missing required argument) with "An error occurred invoking 'tool'", which
/// a model cannot act on, and it drops arguments the tool does not take — a misspelt <c>timeout</c> would run with the
/// default timeout. Here each of these is a tool error that names the argument, what it must be, and what the tool takes.
/// Only the schema's kinds are checked (type, items, additionalProperties, required, unknown names); values within a
/// kind (ranges, enums, empty arrays) are the tools' own checks, which say what the server's ceilings are.
/// </summary>
internal static class ToolArgumentCheck
{
    /// <summary>The call-tool filter: a call whose arguments do not fit its tool's schema gets a tool error and runs nothing.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var name = context.Params?.Name;
            var tool = context.MatchedPrimitive as McpServerTool
                ?? context.Server.ServerOptions.ToolCollection?.FirstOrDefault(t => t.ProtocolTool.Name == name);
            if (tool is not null && Problem(tool.ProtocolTool.Name, tool.ProtocolTool.InputSchema, context.Params?.Arguments?.AsReadOnly()) is { } problem)
                return ToolResults.Error(problem);
            return await next(context, cancellationToken).ConfigureAwait(false);
        };

    /// <summary>Why <paramref name="arguments"/> do not fit <paramref name="inputSchema"/>, or null when they do.</summary>
    public static string? Problem(string tool, JsonElement inputSchema, IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        if (inputSchema.ValueKind != JsonValueKind.Object || !inputSchema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            return null;

        arguments ??= new Dictionary<string, JsonElement>();
        var required = inputSchema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var problems = new List<string>();
        foreach (var (name, value) in arguments.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!properties.TryGetProperty(name, out var schema)) problems.Add($"{name}: not an argument of {tool}");
            else if (Mismatch(schema, value, name) is { } mismatch) problems.Add(mismatch);
        }
        foreach (var name in required.Order(StringComparer.Ordinal))
        {
            if (!arguments.ContainsKey(name)) problems.Add($"{name}: required");
        }
        if (problems.Count == 0) return null;

        var takes = properties.EnumerateObject().Select(p => required.Contains(p.Name) ? $"{p.Name} (required)" : p.Name);
        return $"Invalid arguments for {tool}: {string.Join("; ", problems)}. {tool} takes {string.Join(", ", takes)}; nothing ran.";
    }

    // Where (below the argument) and what the schema expects, for the first value not of a kind it allows; null when
    // every value fits. A schema without a type (run_code's input) takes any value.
    private static string? Mismatch(JsonElement schema, JsonElement value, string at)
    {
        var types = Types(schema);
        if (types.Count == 0) return null;
        if (value.ValueKind == JsonValueKind.Null)
            return types.Contains("null") ? null : Expected(schema, value, at);
        if (types.Contains("array") && value.ValueKind == JsonValueKind.Array)
        {
            if (!schema.TryGetProperty("items", out var items)) return null;
            return value.EnumerateArray().Select((item, i) => Mismatch(items, item, $"{at}[{i}]")).FirstOrDefault(p => p is not null);
        }
        if (types.Contains("object") && value.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("additionalProperties", out var members) || members.ValueKind != JsonValueKind.Object) return null;
            return value.EnumerateObject().Select(m => Mismatch(members, m.Value, $"{at}['{m.Name}']")).FirstOrDefault(p => p is not null);
        }
        var fits = types.Any(type => type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => IsWhole(value),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "array" or "object" or "null" => false,
            _ => true,
        });
        if (!fits) return Expected(schema, value, at);
        // A whole number past what the tool's parameter holds fails the SDK's binding too; a value inside it that is
        // still out of range is left to the tool, which says why (the server's ceiling).
        return types.Contains("integer") && !value.TryGetInt32(out _) && Bounds(schema) is { } bounds
            ? $"{at}: {JsonKindWords.Mismatch($"{JsonKindWords.WholeNumber} {bounds}", value)}"
            : null;
    }

    private static string? Bounds(JsonElement schema) =>
        (schema.TryGetProperty("minimum", out var min), schema.TryGetProperty("maximum", out var max)) switch
        {
            (true, true) => $"from {min.GetRawText()} to {max.GetRawText()}",
            (true, false) => $"of at least {min.GetRawText()}",
            (false, true) => $"of at most {max.GetRawText()}",
            _ => null,
        };

    private static string Expected(JsonElement schema, JsonElement value, string at) => $"{at}: {JsonKindWords.Mismatch(Shape(schema), value)}";

    // As the binder reads it: 3.0 and 1e3 are not whole numbers to System.Text.Json.
    private static bool IsWhole(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _);

    private static List<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()).OfType<string>()]
        : [];

    private static string Shape(JsonElement schema)
    {
        var kinds = Types(schema).Where(t => t != "null").Select(type => type switch
        {
            "string" => JsonKindWords.String,
            "integer" => JsonKindWords.WholeNumber,
            "number" => JsonKindWords.Number,
            "boolean" => JsonKindWords.Boolean,
            "array" => schema.TryGetProperty("items", out var items) ? JsonKindWords.ArrayOf(Shape(items)) : JsonKindWords.Array,
            "object" => schema.TryGetProperty("additionalProperties", out var members) && members.ValueKind == JsonValueKind.Object
                ? JsonKindWords.ObjectOf(Shape(members))
                : JsonKindWords.Object,
            _ => type,
        }).ToList();
        return kinds.Count == 0 ? "null" : string.Join(" or ", kinds);
    }
}
