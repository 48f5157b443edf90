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
    /// How many containers the framework labelled still carry <paramref name="marker"/> in their command line: a test
    /// puts a marker of its own in the command, so other tests' containers never count.
    /// </summary>
    public static async Task<int> ContainersWithMarkerAsync(string marker)
    {
        var listed = await RunAsync("ps", "--all", "--no-trunc", "--filter", $"label={SandboxLabels.ManagedFilter}", "--format", "{{.Command}}");
        Assert.True(listed.ExitCode == 0, listed.Output);
        return listed.Output.Split('\n').Count(line => line.Contains(marker, StringComparison.Ordinal));
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
