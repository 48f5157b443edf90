using System.Diagnostics;
using System.Text;
using Sandbox.Cli;
using Sandbox.Core;
using Sandbox.Testing;

namespace Sandbox.Cli.Tests;

/// <summary>Runs the CLI in-process (fast, same code path as users) or as a real process, and captures what it prints.</summary>
internal static class CliHarness
{
    // Far above any command's run here, so only a hang reaches it.
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(5);

    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>A config that makes the fake executor the default, so tests need no engine.</summary>
    public static string FakeConfig { get; } = WriteConfig("""{ "defaultExecutor": "fake" }""");

    public static string WriteConfig(string json)
    {
        var path = Path.Combine(Scratch.Folder().FullName, "sandbox.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static async Task<Run> InvokeAsync(params string[] args) => await InvokeWithStdinAsync("", args);

    public static async Task<Run> InvokeWithStdinAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)));
        string[] withConfig = args.Contains("--config") ? args : ["--config", FakeConfig, .. args];
        var routed = await ServerPass.RouteAsync(withConfig[Array.IndexOf(withConfig, "--config") + 1], withConfig);
        var exit = await SandboxCli.InvokeAsync(routed, console, TestContext.Current.CancellationToken);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Fails (never skips under CI) unless the bundled <paramref name="executor"/> is healthy here.</summary>
    public static async Task RequireHealthyAsync(string executor)
    {
        await using var runtime = await SandboxRuntime.CreateAsync(new SandboxOptions { IncludeUserPlugins = false, Config = Core.Configuration.SandboxConfig.Default });
        var health = await runtime.GetExecutor(executor).HealthCheckAsync(TestContext.Current.CancellationToken);
        EngineGate.Require(health.Healthy, $"the {executor} executor", $"{health.Summary} (run bash build/setup.sh)");
    }

    /// <summary>Runs the built <c>sandbox</c> as a separate process, as scripts do.</summary>
    public static Task<Run> RunProcessAsync(params string[] args) => RunProcessWithConfigAsync(FakeConfig, args);

    /// <summary>Runs the built <c>sandbox</c> as a separate process with the configuration <paramref name="config"/>.</summary>
    public static Task<Run> RunProcessWithConfigAsync(string config, params string[] args) =>
        RunProcessWithEnvironmentAsync(new Dictionary<string, string>(), config, args);

    /// <summary>Runs the built <c>sandbox</c> as a separate process with extra <paramref name="environment"/> variables.</summary>
    public static Task<Run> RunProcessWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, string config, params string[] args) =>
        RunProcessWithStdinAsync(environment, config, args, stdin: null);

    /// <summary>
    /// Starts the built <c>sandbox</c> with <paramref name="arguments"/> as given (never routed by the pass through a
    /// server), its output redirected, for a test that acts on it while it runs.
    /// </summary>
    public static Process StartProcess(IReadOnlyDictionary<string, string> environment, string[] arguments, bool redirectStdin = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectStdin, UseShellExecute = false };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        foreach (var arg in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "sandbox.dll"), .. arguments]) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>Runs the built <c>sandbox</c> as a separate process, its stdin fed <paramref name="stdin"/> (else this process's).</summary>
    /// <param name="serverPass">Whether the pass through a server may route it (<see cref="ServerPass"/>); tests of where a
    /// command goes decide that themselves.</param>
    public static async Task<Run> RunProcessWithStdinAsync(IReadOnlyDictionary<string, string> environment, string config, string[] args, string? stdin, bool serverPass = true)
    {
        using var process = StartProcess(environment, serverPass ? await ServerPass.RouteAsync(config, ["--config", config, .. args]) : ["--config", config, .. args], stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(ProcessLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // A hung command fails its test with what it said, instead of stalling the suite.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'sandbox {string.Join(' ', args)}' did not exit within {ProcessLimit.TotalMinutes:0} minutes; its stderr: {await stderr}");
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
