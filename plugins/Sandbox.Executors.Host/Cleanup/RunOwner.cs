using System.Globalization;

namespace Sandbox.Executors.Host.Cleanup;

/// <summary>
/// The host process that owns a run, identified by pid and kernel start time so that a recycled pid is not mistaken
/// for the original owner.
/// </summary>
/// <param name="Pid">The owner's process id.</param>
/// <param name="StartTicks">The owner's start time in clock ticks since boot (<c>/proc/&lt;pid&gt;/stat</c> field 22).</param>
internal readonly record struct RunOwner(int Pid, long StartTicks)
{
    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = new(Environment.ProcessId, ReadStartTicks(Environment.ProcessId) ?? 0);

    /// <summary>Whether the owner is still running (same pid and same start time).</summary>
    public bool IsAlive => ReadStartTicks(Pid) is { } ticks && ticks == StartTicks;

    /// <summary>The start time of <paramref name="pid"/>, or <c>null</c> when there is no such process.</summary>
    public static long? ReadStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces and parentheses: fields after the last ')' start at field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
