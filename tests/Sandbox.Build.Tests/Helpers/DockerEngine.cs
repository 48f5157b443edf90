using System.ComponentModel;
using System.Diagnostics;
using Sandbox.Engines.DockerApi;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Build.Tests.Helpers;

/// <summary>The Docker engine as the tests see it, through the docker CLI.</summary>
internal static class DockerEngine
{
    /// <summary>Skips locally (fails in CI) unless the engine answers and has the Python image.</summary>
    public static async Task RequireAsync()
    {
        var image = await RunAsync("image", "inspect", "--format", "{{.Id}}", TestImages.Python);
        EngineGate.Require(image.ExitCode == 0, $"The Docker engine at {TestImages.DockerSocket} with image {TestImages.Python}", "run build/setup.sh");
    }

    /// <summary>
    /// How many containers the framework labelled still run a process with <paramref name="marker"/> in its command
    /// line: a test puts a marker of its own in the command, so other tests' containers never count. The processes are
    /// read, not the container's command: the framework's gate is every container's command and takes the workload's
    /// argv on stdin.
    /// </summary>
    public static async Task<int> ContainersWithMarkerAsync(string marker)
    {
        var listed = await RunAsync("ps", "--all", "--quiet", "--no-trunc", "--filter", $"label={SandboxLabels.ManagedFilter}");
        Assert.True(listed.ExitCode == 0, listed.Output);
        var count = 0;
        foreach (var id in listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A container that stopped or went away meanwhile runs nothing (its top fails).
            var processes = await RunAsync("top", id, "-eo", "pid,args");
            if (processes.ExitCode == 0 && processes.Output.Contains(marker, StringComparison.Ordinal)) count++;
        }

        return count;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output + await error);
        }
        catch (Win32Exception ex)
        {
            return (-1, $"docker: {ex.Message}");
        }
    }
}
