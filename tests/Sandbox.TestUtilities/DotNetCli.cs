using System.Diagnostics;

namespace Sandbox.TestUtilities;

/// <summary>What a <c>dotnet</c> command printed and how it ended.</summary>
public sealed record DotNetResult(int ExitCode, string Output);

/// <summary>
/// Runs the real <c>dotnet</c> CLI for end-to-end tests. Node reuse and the compiler server are off so that nothing
/// outlives the test, and a command that overruns its time is killed with its whole process tree.
/// </summary>
public static class DotNetCli
{
    // Set by the CLI that started the test host; they would point a child build at the parent's MSBuild.
    private static readonly string[] InheritedMSBuildVariables = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    private static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet ARGUMENTS</c> (an MSBuild command) in <paramref name="workingDirectory"/>.</summary>
    public static Task<DotNetResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, timeout, environment: null, msbuild: true, cancellationToken);

    /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    /// <param name="msbuild">Whether the command runs MSBuild (build, test, pack): then node reuse and the compiler server are turned off.</param>
    public static async Task<DotNetResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, bool msbuild = true, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(DotNet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (msbuild)
        {
            start.ArgumentList.Add("-nodeReuse:false");
            start.ArgumentList.Add("-p:UseSharedCompilation=false");
        }

        foreach (var name in InheritedMSBuildVariables) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took longer than {timeout}:\n{await stdout}{await stderr}");
        }

        return new DotNetResult(process.ExitCode, await stdout + await stderr);
    }
}
