using System.Diagnostics;

namespace Sandbox.TestUtilities;

/// <summary>README examples as tests run them: the bash block after a marker, run by bash in a folder.</summary>
public static class ReadmeScripts
{
    /// <summary>The first <c>```bash</c> block after <paramref name="marker"/> in the repository's README.md.</summary>
    public static async Task<string> BashBlockAfterAsync(string marker, CancellationToken cancellationToken)
    {
        var readme = await File.ReadAllTextAsync(RepositoryLayout.PathOf("README.md"), cancellationToken).ConfigureAwait(false);
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"README.md has no '{marker}' block");
        var start = readme.IndexOf("```bash\n", at, StringComparison.Ordinal) + "```bash\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>Runs <paramref name="script"/> with <c>bash -c</c> in <paramref name="folder"/> and captures what it prints.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunBashAsync(string script, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
