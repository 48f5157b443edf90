using System.Text.Json;

namespace Sandbox.Executors.Host.Tests;

/// <summary>A host process that is not root still gets namespaces, through bubblewrap's user namespace.</summary>
public sealed class UnprivilegedHostTests
{
    [Fact]
    public async Task A_host_running_as_nobody_still_runs_sandboxes_in_namespaces()
    {
        CapabilityProbingTests.RequireRootWithBubblewrap();
        var tempRoot = $"/tmp/sandbox-host-unprivileged-test-{Guid.NewGuid():N}";
        string[] asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/bin/env", "-i", "HOME=/tmp", "PATH=/usr/bin:/bin", "DOTNET_CLI_TELEMETRY_OPTOUT=1"];
        using var copy = new TestHost.ReadableCopy();
        using var host = TestHost.Start(asNobody, copy.AssemblyPath, "run", tempRoot, "sh", "-c",
            "id -u; grep NoNewPrivs /proc/self/status; grep -c : /proc/net/dev; touch /usr/probe 2>/dev/null || echo read-only");
        try
        {
            var output = await host.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = await host.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await host.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(host.ExitCode == 0, $"test host failed ({host.ExitCode}): {errors}");

            using var result = JsonDocument.Parse(output);
            var root = result.RootElement;
            Assert.Equal("Namespace", root.GetProperty("IsolationLevel").GetString());
            Assert.Equal("65534\nNoNewPrivs:\t1\n1\nread-only\n", root.GetProperty("Stdout").GetString());
            Assert.True(root.GetProperty("CleanupSucceeded").GetBoolean());
            Assert.Contains("Seccomp", root.GetProperty("Features").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(tempRoot)) Directory.Delete(tempRoot, recursive: true);
        }
    }
}
