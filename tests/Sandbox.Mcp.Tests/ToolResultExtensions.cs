using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Sandbox.Mcp.Tests;

internal static class ToolResultExtensions
{
    public static string Text(this CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    /// <summary>The structured content of a successful call (fails with the text of a tool error).</summary>
    public static JsonElement Json(this CallToolResult result)
    {
        Assert.False(result.IsError == true, result.Text());
        Assert.NotNull(result.StructuredContent);
        return result.StructuredContent.Value;
    }

    public static string Error(this CallToolResult result)
    {
        Assert.True(result.IsError == true, $"expected a tool error, got: {result.Text()}");
        return result.Text();
    }
}

/// <summary>Collects progress notifications as they arrive (synchronously, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class ProgressLog : IProgress<ModelContextProtocol.ProgressNotificationValue>
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public void Report(ModelContextProtocol.ProgressNotificationValue value)
    {
        lock (_messages) _messages.Add(value.Message ?? "");
    }
}
