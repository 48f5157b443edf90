using System.Diagnostics;

namespace Sandbox.TestUtilities;

/// <summary>What a <c>dotnet</c> command printed (stdout then stderr) and how it ended.</summary>
public sealed record DotNetResult(int ExitCode, string Output);

/// <summary>
/// Runs the real <c>dotnet</c> CLI for end-to-end tests (pack, build a fresh consumer). Node reuse and the compiler
/// server are off so that nothing outlives the test, MSBuild variables inherited from the CLI that started the test
/// host are removed (they would point the child build at the parent's MSBuild), and a command that overruns its time
/// is killed with its whole process tree.
/// </summary>
public static class DotNetCli
{
    private static readonly string[] InheritedMSBuildVariables = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    /// <summary>The dotnet executable that runs the tests (<c>DOTNET_HOST_PATH</c>), else <c>dotnet</c> from PATH.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    /// <exception cref="TimeoutException">It took longer than <paramref name="timeout"/>; it was killed.</exception>
    public static async Task<DotNetResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-nodeReuse:false");
        start.ArgumentList.Add("-p:UseSharedCompilation=false");
        foreach (var name in InheritedMSBuildVariables) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

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
