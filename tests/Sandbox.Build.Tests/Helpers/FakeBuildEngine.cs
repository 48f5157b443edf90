using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Build.Framework;

namespace Sandbox.Build.Tests.Helpers;

/// <summary>
/// An <see cref="IBuildEngine"/> that records what a task logs. Thread-safe: the task logs the CLI's output lines
/// from its reader threads.
/// </summary>
internal sealed class FakeBuildEngine(string projectFile) : IBuildEngine
{
    private readonly ConcurrentQueue<BuildEventArgs> _events = new();

    public IReadOnlyList<BuildErrorEventArgs> Errors => [.. _events.OfType<BuildErrorEventArgs>()];

    public IReadOnlyList<BuildWarningEventArgs> Warnings => [.. _events.OfType<BuildWarningEventArgs>()];

    public IReadOnlyList<BuildMessageEventArgs> Messages => [.. _events.OfType<BuildMessageEventArgs>()];

    /// <summary>"error CODE: message" and "warning CODE: message", in the order they were logged.</summary>
    public IReadOnlyList<string> Diagnostics => [.. _events.Select(e => e switch
    {
        BuildErrorEventArgs error => $"error {error.Code}: {error.Message}",
        BuildWarningEventArgs warning => $"warning {warning.Code}: {warning.Message}",
        _ => null,
    }).OfType<string>()];

    /// <summary>Every message's text at <paramref name="importance"/> or above.</summary>
    public IReadOnlyList<string> MessagesAtLeast(MessageImportance importance) =>
        [.. Messages.Where(m => m.Importance <= importance).Select(m => m.Message ?? "")];

    public string Log => string.Join('\n', _events.Select(e => e.Message));

    /// <summary>Waits (up to a minute) until a message with exactly <paramref name="text"/> has been logged.</summary>
    public async Task WaitForMessageAsync(string text, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        while (!Messages.Any(m => m.Message == text)) await Task.Delay(50, deadline.Token);
    }

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 12;

    public int ColumnNumberOfTaskNode => 5;

    public string ProjectFileOfTaskNode => projectFile;

    public void LogErrorEvent(BuildErrorEventArgs e) => _events.Enqueue(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => _events.Enqueue(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => _events.Enqueue(e);

    public void LogCustomEvent(CustomBuildEventArgs e) => _events.Enqueue(e);

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("SandboxRun never builds other projects.");
}
