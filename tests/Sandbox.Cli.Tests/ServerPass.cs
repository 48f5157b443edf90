using System.Collections.Concurrent;
using Sandbox.Server.Tests;

[assembly: AssemblyFixture(typeof(Sandbox.Cli.Tests.ServerPass))]

namespace Sandbox.Cli.Tests;

/// <summary>
/// The suite's second pass (build/test.sh sets <c>SANDBOX_CLI_TESTS_THROUGH_SERVER=1</c>): every command the tests give
/// the CLI goes through a real <c>sandbox serve</c> — this build's, with the same plugins — started with the
/// configuration the test named, so the same assertions hold for the CLI as a client of a server. Commands that never
/// use a server (doctor, plugins, ...) run in-process as in the first pass; a test's own <c>--no-server</c> or
/// <c>--host</c> is kept.
/// </summary>
public sealed class ServerPass : IAsyncDisposable
{
    /// <summary>Whether this test process is the pass through a server.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("SANDBOX_CLI_TESTS_THROUGH_SERVER") == "1";

    // One server per configuration file, started by the first command that names it.
    private static readonly ConcurrentDictionary<string, Lazy<Task<ServerProcess>>> Servers = new();

    /// <summary>
    /// <paramref name="args"/> as this pass gives them to the CLI: with <c>--host</c> naming the server of
    /// <paramref name="config"/> (started now if it is the first), unless the pass is off or the test said <c>--no-server</c>
    /// or named a host itself.
    /// </summary>
    public static async Task<string[]> RouteAsync(string config, string[] args)
    {
        if (!Enabled || args.Contains("--no-server") || args.Contains("--host")) return args;
        return ["--host", $"unix:{(await ServerFor(config)).SocketPath}", .. args];
    }

    /// <summary>The process that runs the commands given with <paramref name="config"/>: its server in this pass, else this one.</summary>
    public static async Task<int> RunnerPidAsync(string config)
    {
        return Enabled ? (await ServerFor(config)).Pid : Environment.ProcessId;
    }

    public async ValueTask DisposeAsync()
    {
        // A pass that started no server would have tested the in-process path twice and passed.
        if (Enabled && Servers.IsEmpty) throw new InvalidOperationException("The pass through a server started no server: no command was routed to one.");
        foreach (var server in Servers.Values.Where(s => s.IsValueCreated))
        {
            if (server.Value.IsCompletedSuccessfully) await server.Value.Result.DisposeAsync();
        }
    }

    private static Task<ServerProcess> ServerFor(string config) =>
        Servers.GetOrAdd(Path.GetFullPath(config), path => new(() => StartAsync(path))).Value;

    private static async Task<ServerProcess> StartAsync(string config) =>
        await ServerProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "sandbox.dll"), await File.ReadAllTextAsync(config), folder: null, tcpPort: 0);
}
