using System.Diagnostics;

namespace Sandbox.ScaleOut.Tests;

/// <summary>Runs a program to its end and returns its exit code and output.</summary>
internal static class Shell
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary><c>docker ARGS</c> on the host's engine; fails the test when it fails.</summary>
    public static async Task<string> DockerAsync(params string[] arguments)
    {
        var outcome = await RunAsync("docker", arguments);
        Assert.True(outcome.ExitCode == 0, $"docker {string.Join(' ', arguments)} failed: {outcome.Stderr}");
        return outcome.Stdout.Trim();
    }

    /// <summary><c>docker ARGS</c> inside node 1 (a swarm manager).</summary>
    public static Task<string> ManagerAsync(params string[] arguments) => DockerAsync(["exec", SwarmCluster.NodeContainer(1), "docker", .. arguments]);
}
