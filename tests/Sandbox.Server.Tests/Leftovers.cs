using System.Diagnostics;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>The containers and volumes on Docker and Podman that a server process owns (labelled with its pid).</summary>
internal static class Leftovers
{
    private const string OwnerPid = "org.sandbox-framework.owner-pid";

    /// <summary>How many containers and volumes <paramref name="pid"/> owns on both engines.</summary>
    public static async Task<int> CountAsync(int pid) => (await ListAsync(pid)).Count;

    /// <summary>The containers (with their state) and volumes <paramref name="pid"/> owns on both engines.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(int pid)
    {
        var all = new List<string>();
        foreach (var host in (string[])[$"unix://{TestImages.DockerSocket}", $"unix://{TestImages.PodmanSocket}"])
        {
            all.AddRange(await DockerAsync(host, "ps", "-a", "--filter", $"label={OwnerPid}={pid}", "--format", "container {{.ID}} {{.Status}}"));
            all.AddRange((await DockerAsync(host, "volume", "ls", "-q", "--filter", $"label={OwnerPid}={pid}")).Select(v => $"volume {v}"));
        }

        return all;
    }

    /// <summary>Waits until <paramref name="pid"/> owns nothing; returns what is left after <paramref name="timeout"/>.</summary>
    public static async Task<int> WaitUntilNoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = await CountAsync(pid);
            if (left == 0 || DateTime.UtcNow > deadline) return left;
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="pid"/> owns at least one container (a run has started).</summary>
    public static async Task WaitUntilAnyAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await CountAsync(pid) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no sandbox of process {pid} appeared within {timeout}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Removes what <paramref name="pid"/> owns on Docker (a killed server's detached sessions, which outlive it by design).</summary>
    public static async Task RemoveAsync(int pid)
    {
        var host = $"unix://{TestImages.DockerSocket}";
        foreach (var id in await DockerAsync(host, "ps", "-aq", "--filter", $"label={OwnerPid}={pid}")) await DockerAsync(host, "rm", "-f", "-v", id);
        foreach (var volume in await DockerAsync(host, "volume", "ls", "-q", "--filter", $"label={OwnerPid}={pid}")) await DockerAsync(host, "volume", "rm", "-f", volume);
    }

    private static async Task<string[]> DockerAsync(string host, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add(host);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
    }
}
