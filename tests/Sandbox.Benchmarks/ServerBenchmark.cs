using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Sandbox.Cli.Top;
using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// The server as its callers pay for it: a whole-process `sandbox run` through a warm server against the in-process CLI
/// and `docker run --rm` with the same hardening; API latency (time to the first byte of a streamed run, and to its
/// end) cold and pooled; throughput at 1/4/8/16 clients on docker and host beside `docker run --rm` driven 8-way; and
/// the server's resident memory under the 16-client load. Servers are real `sandbox serve` processes.
/// </summary>
internal sealed class ServerBenchmark : IBenchmark
{
    private const string Token = "benchmark-token-0123456789";
    private static readonly string[] Command = ["python3", "-c", "pass"];

    // The PATH the host executor gives a workload.
    private const string WorkloadPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static readonly int[] ClientCounts = [1, 4, 8, 16];

    // The warm server's pool: sandboxes kept ready per kind.
    private const int PoolMinIdle = 2;

    public string Name => "server";

    public string Description => "CLI through a warm server vs in-process vs `docker run --rm`; API latency; throughput at 1-16 clients; RSS (args: [iterations] [runs per step] [--cli PATH])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        var runs = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 32;
        var image = TestImages.Python;
        var cli = RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", "Release", "net10.0", "sandbox.dll");
        // Another build of the CLI as a client too, e.g. the ReadyToRun one users install (a .dll runs under dotnet).
        var cliIndex = Array.IndexOf(args, "--cli");
        string[]? other = cliIndex >= 0 && cliIndex + 1 < args.Length ? (args[cliIndex + 1].EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", args[cliIndex + 1]] : [args[cliIndex + 1]]) : null;
        Console.WriteLine($"image {image}, `{string.Join(' ', Command)}`, {iterations} runs after 2 warm-ups, {runs} runs per throughput step; {Measurements.MachineState()}");

        var dockerCli = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("docker", [.. ContainerColdRunBenchmark.HardenedRun("docker"), image, .. Command], cancellationToken));
        var inProcess = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("dotnet", [cli, "run", "--no-server", "--executor", "docker", "--", .. Command], cancellationToken));

        var pool = $$""", "pool": { "minIdle": {{PoolMinIdle}}, "maxSize": 16, "whenExhausted": "cold", "removeInBackground": true, "executors": { "host": { "enabled": false } } }""";
        await using (var cold = await Server.StartAsync(cli, image, "", cancellationToken))
        await using (var warm = await Server.StartAsync(cli, image, pool, cancellationToken))
        {
            // Back to back, runs outpace the pool's refills (each a container start), so most find it empty; the second
            // figure waits, untimed, until the pool is full again before each run: the warm server the target means.
            Func<Task> poolFull = () => warm.PoolFullAsync("docker", PoolMinIdle, cancellationToken);
            var throughServer = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("env", [$"SANDBOX_HOST=unix:{warm.Socket}", "dotnet", cli, "run", "--executor", "docker", "--", .. Command], cancellationToken));
            var throughFullPool = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("env", [$"SANDBOX_HOST=unix:{warm.Socket}", "dotnet", cli, "run", "--executor", "docker", "--", .. Command], cancellationToken), poolFull);
            Console.WriteLine("whole-process `sandbox run` (docker):");
            Console.WriteLine($"  docker run --rm (same hardening)   {dockerCli}");
            Console.WriteLine($"  in-process CLI (--no-server)       {inProcess}  ratio to docker run p50 {inProcess.P50Ms / dockerCli.P50Ms:F2}");
            Console.WriteLine($"  through a warm server, back to back {throughServer}  ratio to docker run p50 {throughServer.P50Ms / dockerCli.P50Ms:F2}");
            Console.WriteLine($"  through a warm server, pool full   {throughFullPool}  ratio to docker run p50 {throughFullPool.P50Ms / dockerCli.P50Ms:F2}");
            if (other is not null)
            {
                var otherThroughServer = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("env", [$"SANDBOX_HOST=unix:{warm.Socket}", .. other, "run", "--executor", "docker", "--", .. Command], cancellationToken), poolFull);
                Console.WriteLine($"  --cli, through the warm server, pool full {otherThroughServer}  ratio to docker run p50 {otherThroughServer.P50Ms / dockerCli.P50Ms:F2}");
            }

            Console.WriteLine("API latency, one client, streamed run (first byte = response headers of the event stream):");
            foreach (var (label, server) in new[] { ("cold", cold), ("pooled", warm) })
            {
                var firstByte = new List<TimeSpan>();
                var total = await Measurements.TimeAsync(iterations * 2, 2, async () => firstByte.Add(await server.StreamedRunAsync("docker", cancellationToken)));
                var ttfb = new Sample([.. firstByte.Skip(2)]);
                Console.WriteLine($"  {label,-7} total p50 {total.P50Ms,7:F1}  p95 {total.P95Ms,7:F1}  p99 {total.Percentile(0.99),7:F1} ms   first byte p50 {ttfb.P50Ms,6:F1}  p95 {ttfb.P95Ms,6:F1}  p99 {ttfb.Percentile(0.99),6:F1} ms");
            }

            Console.WriteLine($"throughput (runs/s), {runs} runs per step:");
            var dockerRun = await Measurements.ThroughputAsync(runs, 8, () => EngineCli.RunAsync("docker", [.. ContainerColdRunBenchmark.HardenedRun("docker"), image, .. Command], cancellationToken));
            Console.WriteLine($"  docker run --rm, 8-way                {dockerRun,6:F2}");
            foreach (var (label, server, executor) in new[] { ("docker, cold server", cold, "docker"), ("docker, pooled server", warm, "docker"), ("host", cold, "host") })
            {
                var rates = new List<double>();
                foreach (var clients in ClientCounts)
                    rates.Add(await Measurements.ThroughputAsync(runs, clients, () => server.RunAsync(executor, cancellationToken)));

                var versusDocker = executor == "docker" ? $"   (16 clients / docker run 8-way: {rates[^1] / dockerRun:F2})" : "";
                Console.WriteLine($"  {label,-22} {string.Join("   ", ClientCounts.Zip(rates, (c, rate) => $"{c,2} clients {rate,6:F2}"))}{versusDocker}");
                if (server == warm) Console.WriteLine($"  pooled server memory after 16 clients: {warm.Memory()}");
            }

            // The host executor's ceiling on this machine: the same command with no sandbox and no server, 16-way, found
            // on the PATH a host run gives its workload (this process's PATH may lead to a slower shim, e.g. pyenv's).
            var program = WorkloadPath.Split(':').Select(folder => Path.Combine(folder, Command[0])).First(File.Exists);
            var bare = await Measurements.ThroughputAsync(runs, 16, () => EngineCli.RunAsync(program, Command[1..], cancellationToken));
            Console.WriteLine($"  `{program} {string.Join(' ', Command[1..])}` alone, 16-way (no sandbox, no server) {bare,6:F2}");
            Console.WriteLine($"  cold server memory after its load: {cold.Memory()}; {Measurements.MachineState()}");
        }
    }

    /// <summary>A `sandbox serve` process on a temporary Unix socket and a loopback port, stopped with SIGTERM.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly DirectoryInfo _folder;
        private readonly HttpClient _http;

        private Server(Process process, DirectoryInfo folder, int port)
        {
            _process = process;
            _folder = folder;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        public string Socket => Path.Combine(_folder.FullName, "sandbox.sock");

        public static async Task<Server> StartAsync(string cli, string image, string pool, CancellationToken cancellationToken)
        {
            var folder = Directory.CreateTempSubdirectory("sandbox-bench-server-");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "tokens"), $"bench:{Token}\n", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "sandbox.json"),
                $$"""{ "defaultExecutor": "docker", "defaults": { "image": "{{image}}" }, "concurrency": { "maxLiveSandboxes": 16 }{{pool}} }""", cancellationToken);
            var port = LoopbackPort.Free();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in (string[])[cli, "serve", "--listen", $"unix:{Path.Combine(folder.FullName, "sandbox.sock")}", "--listen", $"http://127.0.0.1:{port}",
                         "--token-file", Path.Combine(folder.FullName, "tokens"), "--config", Path.Combine(folder.FullName, "sandbox.json")])
                start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new Server(process, folder, port);
            for (var waited = 0; waited < 600; waited++)
            {
                try
                {
                    using var ready = await server._http.GetAsync("readyz", cancellationToken);
                    if (ready.IsSuccessStatusCode) return server;
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100, cancellationToken);
            }

            await server.DisposeAsync();
            throw new InvalidOperationException("the server did not become ready within a minute");
        }

        public async Task RunAsync(string executor, CancellationToken cancellationToken)
        {
            using var response = await _http.PostAsync("v1/runs", Body(executor), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var result = response.IsSuccessStatusCode ? System.Text.Json.JsonDocument.Parse(text) : null;
            if (result is null || result.RootElement.GetProperty("exitCode").GetInt32() != 0)
                throw new InvalidOperationException($"run failed ({(int)response.StatusCode}): {text}");
        }

        /// <summary>A streamed run; returns the time to its response headers (the whole run is timed by the caller).</summary>
        public async Task<TimeSpan> StreamedRunAsync(string executor, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/runs") { Content = Body(executor) };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            var started = Stopwatch.GetTimestamp();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var firstByte = Stopwatch.GetElapsedTime(started);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!text.Contains("event: result", StringComparison.Ordinal)) throw new InvalidOperationException($"streamed run failed ({(int)response.StatusCode}): {text}");
            return firstByte;
        }

        private static readonly TimeSpan PrometheusScrapeCache = TimeSpan.FromMilliseconds(350);

        /// <summary>
        /// Waits until <paramref name="executor"/>'s pool holds <paramref name="idle"/> ready sandboxes, as the
        /// server's metrics say.
        /// </summary>
        public async Task PoolFullAsync(string executor, int idle, CancellationToken cancellationToken)
        {
            // The Prometheus exporter answers a scrape from its last one for 300 ms: polled right after a run, it still
            // showed the pool as it was before, and the next run could find it empty.
            await Task.Delay(PrometheusScrapeCache, cancellationToken);
            for (var waited = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(waited) < TimeSpan.FromMinutes(1);)
            {
                var samples = PrometheusText.Parse(await _http.GetStringAsync("metrics", cancellationToken));
                var ready = ServerSnapshot.From(samples, DateTimeOffset.UtcNow).Pools.Where(p => p.Executor == executor).Sum(p => p.Idle);
                if (ready >= idle) return;
                await Task.Delay(50, cancellationToken);
            }

            throw new InvalidOperationException($"the {executor} pool did not refill to {idle} ready sandboxes within a minute");
        }

        /// <summary>Resident memory now and its high-water mark, from /proc.</summary>
        public string Memory()
        {
            var status = File.ReadAllLines($"/proc/{_process.Id}/status");
            string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim();
            return $"RSS {Field("VmRSS")}, peak {Field("VmHWM")}";
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(60))) _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
            _http.Dispose();
            _folder.Delete(recursive: true);
        }

        private static StringContent Body(string executor) =>
            new($$"""{ "command": ["python3", "-c", "pass"], "executor": "{{executor}}" }""", Encoding.UTF8, "application/json");
    }
}
