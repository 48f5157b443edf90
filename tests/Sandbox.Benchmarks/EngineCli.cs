using System.Diagnostics;

namespace Sandbox.Benchmarks;

/// <summary>Runs an engine's own CLI (or any command) to completion, as the comparisons need it.</summary>
internal static class EngineCli
{
    /// <summary>Runs <paramref name="program"/> and throws with its stderr when it exits non-zero.</summary>
    public static Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken) =>
        RunAsync(program, arguments, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Runs <paramref name="program"/> with extra <paramref name="environment"/> variables.</summary>
    public static async Task RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        // The docker CLI must talk to the same engine as the executor (DOCKER_HOST may point at podman's socket).
        start.Environment.Remove("DOCKER_HOST");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await stderr}");
    }
}
