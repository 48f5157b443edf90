using System.Globalization;
using System.Text;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Gate;

/// <summary>
/// What the framework and <see cref="SandboxGate"/> say to each other: the header the gate reads from stdin before it
/// starts the command (which inherits the rest of stdin), and the end lines it writes once the command has ended.
/// Must match native/sandbox-gate.c.
/// </summary>
internal static class GateProtocol
{
    /// <summary>Starts the lines the gate writes to stdout and stderr once its command has ended.</summary>
    private const string EndTag = "\u001esandbox-end ";

    /// <summary>A fresh per-run token: the gate's end lines carry it, and only the gate (non-dumpable) knows it.</summary>
    public static string NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The header: the token, then NUL-terminated records (<c>D</c> working directory, <c>E</c> variable, <c>A</c>
    /// argument), then an empty record. Nothing in it is interpreted by a shell.
    /// </summary>
    public static byte[] Header(string token, IReadOnlyList<string> argv, string? workingDirectory, IEnumerable<string> environment)
    {
        var header = new StringBuilder(token).Append('\0');
        if (workingDirectory is not null) header.Append('D').Append(workingDirectory).Append('\0');
        foreach (var variable in environment) header.Append('E').Append(variable).Append('\0');
        foreach (var word in argv) header.Append('A').Append(word).Append('\0');
        return Encoding.UTF8.GetBytes(header.Append('\0').ToString());
    }

    /// <summary>The start of the gate's end lines for <paramref name="token"/>; the rest of each line is its status.</summary>
    public static string EndMarker(string token) => EndTag + token;

    /// <summary>
    /// Parses the status of the gate's stderr end line: the command's exit status, the cgroup's OOM-kill counter, CPU
    /// nanoseconds and peak memory bytes (each <c>-</c> when the gate could not read it).
    /// </summary>
    public static GateReport? ParseEnd(string? status)
    {
        var parts = status?.Trim().Split(' ');
        if (parts is not { Length: 4 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var exitCode)) return null;
        var cpu = Counter(parts[2]);
        return new GateReport(exitCode, Counter(parts[1]), new ExecutionStats(cpu is { } ns ? TimeSpan.FromTicks(ns / 100) : null, Counter(parts[3])));
    }

    private static long? Counter(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>How the gate saw its command end.</summary>
/// <param name="ExitCode">The command's exit status (128 + signal when killed).</param>
/// <param name="OomKills">The container cgroup's OOM-kill counter; <c>null</c> when unreadable.</param>
/// <param name="Stats">CPU time and peak memory of the container's cgroup; a figure is <c>null</c> when unreadable.</param>
internal sealed record GateReport(int ExitCode, long? OomKills, ExecutionStats Stats);
