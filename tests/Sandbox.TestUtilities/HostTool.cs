using System.Diagnostics;

namespace Sandbox.TestUtilities;

/// <summary>What a host tool printed and how it ended.</summary>
public sealed record HostToolResult(int ExitCode, string Output, string Error)
{
    /// <summary>The output's non-empty lines.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs a tool of the machine (docker, ip, iptables-save, ...) to look at what a test left behind.</summary>
public static class HostTool
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/> and waits for it, reading both streams.</summary>
    public static async Task<HostToolResult> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // Both streams at once: a tool that fills one pipe while the other is read would never finish.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new HostToolResult(process.ExitCode, await output, await error);
    }
}
