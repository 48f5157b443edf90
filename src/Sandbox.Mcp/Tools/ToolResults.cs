using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Sandbox.Mcp.Tools;

/// <summary>Builds tool results: a short text for the model plus the full JSON as structured content, or a tool error.</summary>
internal static class ToolResults
{
    public static CallToolResult Success<T>(string text, T output) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(output, McpJson.Options),
    };

    // Structured content is left out of errors: clients validate it against the tool's output schema only on success.
    public static CallToolResult Error(string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        IsError = true,
    };
}
