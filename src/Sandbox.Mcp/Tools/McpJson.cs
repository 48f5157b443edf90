using System.Text.Json;
using ModelContextProtocol;

namespace Sandbox.Mcp.Tools;

/// <summary>
/// How tool results are serialized: the SDK's defaults with snake_case names (the MCP contract's spelling), and null
/// members written, since the output schemas list every member as required and clients validate against them.
/// </summary>
internal static class McpJson
{
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };
}
