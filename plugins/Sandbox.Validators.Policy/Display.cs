using System.Globalization;

namespace Sandbox.Validators.Policy;

/// <summary>Human-readable values for messages: sizes in binary units, durations in the largest whole unit.</summary>
internal static class Display
{
    public static string Bytes(long bytes)
    {
        foreach (var (shift, unit) in new[] { (40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB") })
        {
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0) return $"{bytes >> shift} {unit}";
        }

        return bytes >= 1L << 20
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB ({bytes} bytes)")
            : $"{bytes} bytes";
    }

    public static string Duration(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerHour == 0) return $"{duration.TotalHours:0} h";
        if (duration.Ticks % TimeSpan.TicksPerMinute == 0) return $"{duration.TotalMinutes:0} min";
        if (duration.Ticks % TimeSpan.TicksPerSecond == 0) return $"{duration.TotalSeconds:0} s";
        return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###} ms");
    }

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
