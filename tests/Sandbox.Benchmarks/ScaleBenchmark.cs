using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// Throughput of the federated server on the Swarm of build/swarm/up.sh with 1, 2 and 3 serving nodes (the others
/// drained, as an operator would), 16 concurrent clients, every run sent to node 1 (which forwards when full). Also
/// measures the machine's CPU per run (busy jiffies of /proc/stat over the runs), because the nodes of this swarm share
/// this machine's cores: the ratio here is bounded by them, not by the federation.
/// </summary>
internal sealed class ScaleBenchmark : IBenchmark
{
    private const int Clients = 16;

    public string Name => "scale";

    public string Description => "federated server throughput with 1/2/3 swarm nodes at 16 clients, as a ratio to one (args: [runs per step])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 64;
        var up = await ShellAsync("bash", [RepositoryLayout.PathOf("build", "swarm", "up.sh"), "3"], cancellationToken);
        var settings = up.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var hosts = settings["SANDBOX_HOSTS"].Split(',');
        var line = (await File.ReadAllTextAsync(settings["SANDBOX_TOKEN_FILE"], cancellationToken)).Trim();
        using var http = new HttpClient { BaseAddress = new Uri(hosts[0]), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", line[(line.IndexOf(':') + 1)..]);
        Console.WriteLine($"{runs} runs of `python3 -c pass` per step, {Clients} clients, all sent to {hosts[0]}; {Measurements.MachineState()}");

        double? single = null;
        try
        {
            foreach (var serving in (int[])[1, 2, 3])
            {
                for (var node = 2; node <= 3; node++)
                    await ManagerAsync(["node", "update", "--availability", node <= serving ? "active" : "drain", $"n{node}"], cancellationToken);
                await WaitServingAsync(http, serving, cancellationToken);

                var nodes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
                var before = BusyJiffies();
                var throughput = await Measurements.ThroughputAsync(runs, Clients, async () => nodes.AddOrUpdate(await RunAsync(http, cancellationToken), 1, (_, c) => c + 1));
                var cpuPerRun = (BusyJiffies() - before) / 100.0 / runs;
                single ??= throughput;
                Console.WriteLine($"  {serving} node(s): {throughput,6:F2} runs/s  ratio {throughput / single.Value:F2}  machine CPU {cpuPerRun:F2} s/run  " +
                                  $"(at most {Environment.ProcessorCount / cpuPerRun:F2} runs/s on these {Environment.ProcessorCount} cores)  by node: {string.Join(' ', nodes.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
            }
        }
        finally
        {
            for (var node = 2; node <= 3; node++) await ManagerAsync(["node", "update", "--availability", "active", $"n{node}"], CancellationToken.None);
        }

        Console.WriteLine("  The nodes share this machine's cores: once one node's runs keep them busy, more nodes cannot add throughput here.");
        Console.WriteLine("  On separate machines each node brings its own cores and engine, so N nodes approach N times one node's rate while");
        Console.WriteLine("  the clients keep every node's slots full; forwarding costs one load query per peer and one extra hop per forwarded run.");
    }

    private static async Task<string> RunAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var content = new StringContent("""{"command": ["python3", "-c", "pass"]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("v1/runs", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"run failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("node").GetString() ?? "?";
    }

    // Until `serving` distinct nodes, and no other, answer runs through node 1. While a node drains, a run forwarded to
    // it may fail (its server stops mid-run: 503, outcome unknown); that only means the swarm has not settled yet.
    private static async Task WaitServingAsync(HttpClient http, int serving, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            var tasks = await Task.WhenAll(Enumerable.Range(0, 2 * Clients).Select(async _ =>
            {
                try
                {
                    return await RunAsync(http, cancellationToken);
                }
                catch (InvalidOperationException)
                {
                    return null;
                }
            }));
            if (tasks.All(node => node is not null) && tasks.Distinct().Count() == serving) return;
            await Task.Delay(1000, cancellationToken);
        }

        throw new InvalidOperationException($"the swarm did not settle on {serving} serving node(s)");
    }

    private static long BusyJiffies()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return cpu.Sum() - cpu[3] - cpu[4];
    }

    private static Task<string> ManagerAsync(string[] arguments, CancellationToken cancellationToken) =>
        ShellAsync("docker", ["exec", "sbxswarm-n1", "docker", .. arguments], cancellationToken);

    private static async Task<string> ShellAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await stderr}");
        return stdout;
    }
}
