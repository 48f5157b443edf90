namespace Sandbox.Mcp.Tools;

/// <summary>
/// A tool call the server refuses because of its arguments or the connection's state (a ceiling, a quota, an unknown
/// session): reported to the model as a tool error whose message says what to change.
/// </summary>
internal sealed class ToolRejectedException(string message) : Exception(message);
