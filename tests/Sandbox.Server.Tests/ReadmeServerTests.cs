using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>README's "Server" examples run as written (with a private socket path and a free port).</summary>
public sealed class ReadmeServerTests
{
    private const string Marker = "<!-- server examples";

    [Fact]
    public async Task The_server_examples_in_the_readme_run_as_written()
    {
        var folder = Directory.CreateTempSubdirectory("sandbox-readme-server-");
        try
        {
            var examples = Examples(await File.ReadAllTextAsync(RepositoryLayout.PathOf("README.md"), TestContext.Current.CancellationToken))
                .Replace("/tmp/sandbox.sock", Path.Combine(folder.FullName, "sandbox.sock"), StringComparison.Ordinal)
                .Replace("127.0.0.1:7070", $"127.0.0.1:{FreePort()}", StringComparison.Ordinal)
                .Replace("./sandbox ", $"{Path.Combine(folder.FullName, "sandbox")} ", StringComparison.Ordinal);
            // As ./sandbox does: exec, so that the background job is the server itself and `kill %1` reaches it.
            var launcher = Path.Combine(folder.FullName, "sandbox");
            await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec dotnet exec '{ServerProcess.CliPath}' \"$@\"\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = $"""
                set -euo pipefail
                trap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT
                export SANDBOX_CONFIG='{RepositoryLayout.PathOf("sandbox.json")}'
                {examples}
                """;
            var start = new ProcessStartInfo("bash") { WorkingDirectory = folder.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            var output = await stdout;
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{await stderr}");
            Assert.Contains("\"stdout\": \"42\\n\"", output, StringComparison.Ordinal);
            Assert.Contains("event: stdout\ndata: one\n", output, StringComparison.Ordinal);
            Assert.Contains("event: result\n", output, StringComparison.Ordinal);
            Assert.Contains("\"stdout\": \"4\\n\"", output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The first bash block after the marker.
    private static string Examples(string readme)
    {
        var marker = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(marker >= 0, $"README.md has no '{Marker}' block");
        var start = readme.IndexOf("```bash\n", marker, StringComparison.Ordinal) + "```bash\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
