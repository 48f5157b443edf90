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
            var examples = (await ReadmeScripts.BashBlockAfterAsync(Marker, TestContext.Current.CancellationToken))
                .Replace("/tmp/sandbox.sock", Path.Combine(folder.FullName, "sandbox.sock"), StringComparison.Ordinal)
                .Replace("127.0.0.1:7070", $"127.0.0.1:{LoopbackPort.Free()}", StringComparison.Ordinal)
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
            var (exitCode, output, errors) = await ReadmeScripts.RunBashAsync(script, folder.FullName, TestContext.Current.CancellationToken);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
            Assert.Contains("\"stdout\": \"42\\n\"", output, StringComparison.Ordinal);
            Assert.Contains("event: stdout\ndata: one\n", output, StringComparison.Ordinal);
            Assert.Contains("event: result\n", output, StringComparison.Ordinal);
            Assert.Contains("\"stdout\": \"4\\n\"", output, StringComparison.Ordinal);
            Assert.Contains("sandbox top - unix:", output, StringComparison.Ordinal);
            Assert.Contains("live sandboxes", output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
