using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Mcp.Tests;

/// <summary>
/// A real <c>sandbox mcp</c> process (the CLI as <c>./sandbox</c> builds it) on Docker, driven by the C# SDK's own
/// client over stdio. Disposing closes the connection (the client closes stdin), waits for the server to exit and
/// proves it left no container behind.
/// </summary>
internal sealed class SandboxMcpProcess : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly StringBuilder _stderr;

    private SandboxMcpProcess(McpClient client, int pid, DirectoryInfo folder, StringBuilder stderr)
    {
        Client = client;
        Pid = pid;
        _folder = folder;
        _stderr = stderr;
    }

    public McpClient Client { get; }

    /// <summary>The server's process id: every sandbox it creates carries it in its owner label.</summary>
    public int Pid { get; }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>The CLI build <c>./sandbox</c> runs (this project builds it as a dependency).</summary>
    public static string CliPath
    {
        get
        {
            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
            return RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", configuration, "net10.0", "sandbox.dll");
        }
    }

    /// <summary>
    /// The configuration every server here runs with: Docker, the Python image by default, and a policy whose ceilings
    /// tool arguments must not pass (a 120 s timeout, the repository's images only).
    /// </summary>
    public static string WriteConfig(DirectoryInfo folder)
    {
        var path = Path.Combine(folder.FullName, "sandbox.json");
        File.WriteAllText(path, $$"""
            {
              "defaultExecutor": "docker",
              "defaults": { "image": "{{TestImages.Python}}" },
              "validators": { "policy": { "ceilings": { "timeout": "120s" }, "allowImages": [ "sandbox/*" ] } }
            }
            """);
        return path;
    }

    public static void RequireDocker() =>
        EngineGate.Require(File.Exists(TestImages.DockerSocket), $"Docker engine at {TestImages.DockerSocket}", "run `bash build/setup.sh`");

    public static async Task<SandboxMcpProcess> StartAsync(CancellationToken cancellationToken)
    {
        RequireDocker();
        var folder = Directory.CreateTempSubdirectory("sandbox-mcp-");
        var config = WriteConfig(folder);
        var stderr = new StringBuilder();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "sandbox",
            Command = "dotnet",
            Arguments = ["exec", CliPath, "--config", config, "mcp"],
            // Removing sessions takes a moment on a loaded machine: do not let the client kill the server first.
            ShutdownTimeout = TimeSpan.FromSeconds(90),
            StandardErrorLines = line => { lock (stderr) stderr.AppendLine(line); },
        });
        var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        // The config path is unique to this server, so its command line finds it.
        var pid = FindProcess(config) ?? throw new InvalidOperationException($"the sandbox mcp process for {config} was not found");
        return new SandboxMcpProcess(client, pid, folder, stderr);
    }

    public Task<CallToolResult> CallAsync(string tool, object arguments, IProgress<ModelContextProtocol.ProgressNotificationValue>? progress = null, CancellationToken cancellationToken = default) =>
        Client.CallToolAsync(tool, JsonSerializer.SerializeToElement(arguments).Deserialize<Dictionary<string, object?>>()!, progress, cancellationToken: cancellationToken).AsTask();

    /// <summary>Containers this server created that still exist, as (id, session label) pairs.</summary>
    public Task<IReadOnlyList<(string Id, string Session)>> ContainersAsync() => Containers.OwnedByAsync(Pid);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        var gone = await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists($"/proc/{Pid}")), TimeSpan.FromSeconds(90));
        try
        {
            Assert.True(gone, $"sandbox mcp ({Pid}) did not exit after its client closed stdin. stderr:\n{Stderr}");
            Assert.Empty(await ContainersAsync());
        }
        finally
        {
            _folder.Delete(recursive: true);
        }
    }

    private static int? FindProcess(string argument)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(argument) && pid != Environment.ProcessId) return pid;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}

/// <summary>Containers by the framework's owner label, through the docker CLI.</summary>
internal static class Containers
{
    public static async Task<IReadOnlyList<(string Id, string Session)>> OwnedByAsync(int pid)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["ps", "-a", "--filter", $"label=org.sandbox-framework.owner-pid={pid}", "--format", "{{.ID}} {{.Label \"org.sandbox-framework.session\"}}"])
            start.ArgumentList.Add(arg);
        start.Environment["DOCKER_HOST"] = $"unix://{TestImages.DockerSocket}";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).Select(p => (p[0], p.Length > 1 ? p[1].Trim() : ""))];
    }
}

/// <summary>Polls a condition instead of sleeping a fixed time (CI machines are slow and loaded).</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition()) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(200);
        }
    }
}
