using ModelContextProtocol;
using Sandbox.Abstractions;

namespace Sandbox.Mcp.Tools;

/// <summary>
/// Forwards a long call's output lines as MCP progress notifications (the SDK drops them when the client sent no
/// progress token). The count of lines is the progress value; the first lines only, so a chatty run cannot flood the
/// connection.
/// </summary>
internal sealed class OutputProgress(IProgress<ProgressNotificationValue> progress)
{
    private const int MaxNotifications = 200;
    private const int MaxMessageLength = 200;
    private int _lines;

    public void Report(string message)
    {
        var n = Interlocked.Increment(ref _lines);
        if (n > MaxNotifications) return;
        progress.Report(new ProgressNotificationValue { Progress = n, Message = message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message });
    }

    public void OnOutput(OutputLine line) => Report(line.Stream == OutputStream.Stderr ? $"stderr: {line.Text}" : line.Text);
}
