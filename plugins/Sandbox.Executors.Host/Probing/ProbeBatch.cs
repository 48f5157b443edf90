using System.Diagnostics;

namespace Sandbox.Executors.Host.Probing;

/// <summary>
/// Probe commands run side by side: each is started at once and its outcome read when needed, so a probe of seven
/// mechanisms costs about as long as its slowest command instead of the sum. Disposing reaps whatever was not read.
/// </summary>
internal sealed class ProbeBatch : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private readonly List<Process> _running = [];

    /// <summary>An outcome known without running anything.</summary>
    public static Func<string?> Known(string? problem) => () => problem;

    /// <summary>
    /// Starts <paramref name="argv"/>; the returned function waits for it and gives <c>null</c> on success or what went
    /// wrong.
    /// </summary>
    public Func<string?> Start(IReadOnlyList<string?> argv)
    {
        if (argv.Count == 0 || argv.Any(a => a is null)) return Known("/bin/sh is missing");
        var psi = new ProcessStartInfo(argv[0]!) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in argv.Skip(1)) psi.ArgumentList.Add(arg!);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        Process process;
        try
        {
            process = Process.Start(psi)!;
            process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return Known($"cannot run {argv[0]}: {ex.Message}");
        }

        _running.Add(process);
        string? outcome = null;
        var finished = false;
        return () =>
        {
            if (!finished)
            {
                outcome = Finish(process, argv);
                finished = true;
            }

            return outcome;
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var process in _running)
        {
            if (!process.HasExited) Kill(process);
            process.Dispose();
        }

        _running.Clear();
    }

    private static string? Finish(Process process, IReadOnlyList<string?> argv)
    {
        // Probes print a line at most, far below a pipe's buffer, so reading after the exit cannot deadlock.
        if (!process.WaitForExit(ProbeTimeout))
        {
            Kill(process);
            return $"'{string.Join(' ', argv.Take(3))} ...' did not finish within {ProbeTimeout.TotalSeconds} s";
        }

        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"'{Path.GetFileName(argv[0])}' failed with exit code {process.ExitCode}: {process.StandardError.ReadToEnd().Trim()}";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
