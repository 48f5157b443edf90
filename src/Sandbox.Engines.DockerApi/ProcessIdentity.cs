using System.Diagnostics;
using System.Globalization;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// A process as the orphan sweep identifies it: its pid plus its start time, so that a recycled pid (a new process
/// that happens to get the same number) is not mistaken for the owner.
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTime">Opaque start stamp: clock ticks since boot from <c>/proc/&lt;pid&gt;/stat</c> on Linux.</param>
public readonly record struct ProcessIdentity(int Pid, string StartTime)
{
    /// <summary>This process.</summary>
    public static ProcessIdentity Current { get; } = new(Environment.ProcessId, StartTimeOf(Environment.ProcessId) ?? "unknown");

    /// <summary>Whether this exact process (same pid, same start time) is still running.</summary>
    public bool IsAlive() => StartTimeOf(Pid) is { } now && now == StartTime;

    /// <summary>The start stamp of <paramref name="pid"/>, or <c>null</c> when no such live process exists.</summary>
    public static string? StartTimeOf(int pid)
    {
        if (pid <= 0) return null;
        if (OperatingSystem.IsLinux()) return LinuxStartTime(pid);
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? LinuxStartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // rest[0] is field 3 (state): a zombie has exited and only waits to be reaped. rest[19] is field 22 (starttime).
        if (rest.Length < 20 || rest[0] is "Z" or "X") return null;
        return rest[19];
    }
}
