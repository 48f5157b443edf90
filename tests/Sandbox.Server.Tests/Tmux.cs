using System.Diagnostics;

namespace Sandbox.Server.Tests;

/// <summary>A private tmux server (its own socket) with one window of a given size: start, read the screen, type, end.</summary>
internal sealed class Tmux : IAsyncDisposable
{
    private readonly string _socket = "sandbox-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Starts <paramref name="command"/> in a detached window of <paramref name="columns"/> x <paramref name="rows"/>.</summary>
    public async Task StartAsync(int columns, int rows, Dictionary<string, string> environment, params string[] command)
    {
        List<string> arguments = ["new-session", "-d", "-s", "top", "-x", $"{columns}", "-y", $"{rows}"];
        foreach (var (name, value) in environment) arguments.AddRange(["-e", $"{name}={value}"]);
        // remain-on-exit keeps the pane (and what the command printed) when it fails, for the test's message.
        await RunAsync([.. arguments, .. command]);
        await RunAsync(["set-option", "-t", "top", "remain-on-exit", "on"]);
    }

    /// <summary>The visible screen, once <paramref name="ready"/> holds for it.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> ready, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var screen = "";
        while (deadline.Elapsed < timeout)
        {
            screen = await CaptureAsync();
            if (ready(screen)) return screen;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the screen never became ready within {timeout}:\n{screen}");
        return screen;
    }

    public async Task<string> CaptureAsync() => await RunAsync(["capture-pane", "-p", "-t", "top"]);

    public Task SendKeysAsync(string keys) => RunAsync(["send-keys", "-t", "top", keys]);

    /// <summary>Whether the command in the window ended within <paramref name="timeout"/>.</summary>
    public async Task<bool> EndsAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if ((await RunAsync(["display-message", "-p", "-t", "top", "#{pane_dead}"])).Trim() == "1") return true;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(["kill-server"]);
        }
        catch (Xunit.Sdk.XunitException)
        {
            // Already gone.
        }
    }

    private async Task<string> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-L", _socket, .. arguments]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"tmux {string.Join(' ', arguments)}: {await stderr}");
        return await stdout;
    }
}
