using System.Diagnostics;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>
/// A snippet a validator rejects never reaches an engine. Proved by counting the engine's container creations by this
/// process, so it runs alone: any other test creating a container meanwhile would be counted too.
/// </summary>
[Collection(EngineEventCountingCollection.Name)]
public sealed class RejectedExecTests
{
    [Fact]
    public async Task A_rejected_snippet_exits_126_and_no_container_is_created()
    {
        await RequireHealthyAsync("docker");
        var codePath = Path.Combine(Scratch.Folder().FullName, "handler.py");
        await File.WriteAllTextAsync(codePath, "import subprocess\ndef handler(input):\n    return subprocess.check_output(['id'])\n", TestContext.Current.CancellationToken);
        var before = await CountFrameworkContainersCreatedAsync();

        var run = await InvokeAsync("exec", "--executor", "docker", "--template", "python-handler", "--code", codePath);

        Assert.Equal(126, run.ExitCode);
        Assert.Contains("error PY0001", run.Stderr);
        Assert.Equal(before, await CountFrameworkContainersCreatedAsync());

        // The counter does see containers: an accepted snippet creates one.
        await File.WriteAllTextAsync(codePath, "def handler(input):\n    return 1\n", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await InvokeAsync("exec", "--executor", "docker", "--template", "python-handler", "--code", codePath)).ExitCode);
        Assert.True(await CountFrameworkContainersCreatedAsync() > before);
    }

    // Counting the engine's 'create' events of containers owned by the process that runs the CLI's commands (this one,
    // or the server of the suite's pass through a server) proves none was created, even one removed again at once.
    private static readonly string Since = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<int> CountFrameworkContainersCreatedAsync()
    {
        var owner = await ServerPass.RunnerPidAsync(FakeConfig);
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["events", "--since", Since, "--until", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--filter", "type=container", "--filter", "event=create", "--filter", $"label=org.sandbox-framework.owner-pid={owner}", "--format", "{{.ID}}"])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
