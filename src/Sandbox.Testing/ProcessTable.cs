namespace Sandbox.Testing;

/// <summary>Reads the machine's process table (Linux /proc).</summary>
internal static class ProcessTable
{
    /// <summary>How many processes (other than this one) have <paramref name="argument"/> as one of their arguments.</summary>
    public static int CountWithArgument(string argument)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (args.Contains(argument, StringComparer.Ordinal)) count++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return count;
    }
}
