using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using Sandbox.Engines.DockerApi;
using Sandbox.Executors.Docker;
using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// One run, one image, one command (<c>python3 -c pass</c>): the plain-chroot floor, <c>docker run --rm</c>, our cold run
/// and our pooled run (latency p50/p95 from a ready pool), then throughput at 1, 4 and 8 concurrent runs for the floor,
/// cold and pooled runs — each as a ratio to the floor. Needs root (chroot) and a Docker engine; pooled figures need
/// Docker sessions.
/// </summary>
internal sealed class PooledRunBenchmark : IBenchmark
{
    private static readonly string[] Command = ["python3", "-c", "pass"];
    private static readonly int[] Concurrency = [1, 4, 8];

    public string Name => "pool";

    public string Description => "chroot floor vs docker run --rm vs cold vs pooled runs, latency and throughput (args: [iterations] [throughput runs])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20;
        var runs = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 24;
        var image = TestImages.Python;
        Console.WriteLine($"image {image}, command `{string.Join(' ', Command)}`; latency: {iterations} runs after 2 warm-up runs; throughput: {runs} runs per level");
        Console.WriteLine($"machine before: {Measurements.MachineState()}");
        using var floor = await ChrootFloor.PrepareAsync(image, cancellationToken);
        using var docker = new DockerExecutor(new ContainerEngineSettings { DefaultImage = image });
        await docker.HealthCheckAsync(cancellationToken);
        var pooling = (IExecutor)docker is ISessionExecutor && docker.Capabilities.Supports(SandboxFeatures.Sessions);
        if (!pooling) Console.WriteLine("NOTE: the docker executor has no sessions here, so nothing can be pooled; pooled figures are skipped");
        var request = ExecutionRequest.For(Command) with { Image = image };
        Func<Task> chroot = () => floor.RunAsync(Command, cancellationToken);
        Func<Task> cold = () => Succeed(docker.ExecuteAsync(request, cancellationToken));

        var latency = new List<(string Name, Sample Sample)>
        {
            ("chroot (floor)", await Measurements.TimeAsync(iterations, 2, chroot)),
            ("docker run --rm (CLI)", await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("docker", ["run", "--rm", image, .. Command], cancellationToken))),
            ("cold run (executor)", await Measurements.TimeAsync(iterations, 2, cold)),
        };
        var phases = new List<PhaseTiming>();
        if (pooling)
        {
            latency.Add(("pooled run (executor)", await PooledLatencyAsync(docker, request, iterations, phases, removeInBackground: false, cancellationToken)));
            latency.Add(("  + removeInBackground", await PooledLatencyAsync(docker, request, iterations, [], removeInBackground: true, cancellationToken)));
        }

        var floorP50 = latency[0].Sample.P50Ms;
        Console.WriteLine($"{"latency",-26}{"p50",12}{"p95",12}{"p50 / floor",14}");
        foreach (var (name, sample) in latency) Console.WriteLine($"  {name,-24}{sample.P50Ms,9:F1} ms{sample.P95Ms,9:F1} ms{sample.P50Ms / floorP50,13:F1}x");
        if (pooling) Console.WriteLine($"  pooled phases p50 (ms): {string.Join(", ", phases.GroupBy(p => p.Name).Select(g => $"{g.Key} {new Sample([.. g.Select(p => p.Duration)]).P50Ms:F0}"))}");

        Console.WriteLine($"{"throughput (runs/s)",-26}{string.Concat(Concurrency.Select(c => $"{c + " at once",18}"))}");
        var floorRates = await RatesAsync(runs, _ => Task.FromResult((chroot, (IAsyncDisposable?)null)));
        Print("chroot (floor)", floorRates, floorRates);
        Print("cold run", await RatesAsync(runs, _ => Task.FromResult((cold, (IAsyncDisposable?)null))), floorRates);
        if (pooling)
        {
            // A pool sized for the level and warm when it starts; from then on, starting replacements keeps pace or not.
            foreach (var background in new[] { false, true })
            {
                Print(background ? "  + removeInBackground" : "pooled run", await RatesAsync(runs, async c =>
                {
                    var pooled = Pooled(docker, minIdle: c, background);
                    await pooled.WarmAsync(request, cancellationToken);
                    return (() => Succeed(pooled.ExecuteAsync(request, cancellationToken)), pooled);
                }), floorRates);
            }
        }

        Console.WriteLine($"machine after: {Measurements.MachineState()}");
    }

    // From a ready, quiet pool: the previous run's removal and refill finish (untimed) before each timed run.
    private static async Task<Sample> PooledLatencyAsync(DockerExecutor docker, ExecutionRequest request, int iterations, List<PhaseTiming> phases, bool removeInBackground, CancellationToken cancellationToken)
    {
        await using var pooled = Pooled(docker, minIdle: 1, removeInBackground);
        return await Measurements.TimeAsync(iterations, 2,
            async () => phases.AddRange((await Succeed(pooled.ExecuteAsync(request, cancellationToken))).Phases),
            untimedSetup: async () =>
            {
                await pooled.WarmAsync(request, cancellationToken);
                while (pooled.GetStatus().Any(s => s.Busy > 0 || s.Starting > 0)) await Task.Delay(10, cancellationToken);
            });
    }

    private static PooledExecutor Pooled(DockerExecutor docker, int minIdle, bool removeInBackground = false) =>
        new(docker, new PoolOptions { Enabled = true, Default = PoolPolicy.Default with { MinIdle = minIdle, MaxSize = 2 * minIdle, RemoveInBackground = removeInBackground } });

    private static async Task<double[]> RatesAsync(int runs, Func<int, Task<(Func<Task> Run, IAsyncDisposable? Owner)>> prepare)
    {
        var rates = new double[Concurrency.Length];
        for (var i = 0; i < Concurrency.Length; i++)
        {
            var (run, owner) = await prepare(Concurrency[i]);
            try
            {
                rates[i] = await Measurements.ThroughputAsync(runs, Concurrency[i], run);
            }
            finally
            {
                if (owner is not null) await owner.DisposeAsync();
            }
        }

        return rates;
    }

    private static void Print(string name, double[] rates, double[] floor) =>
        Console.WriteLine($"  {name,-24}{string.Concat(rates.Select((rate, i) => $"{rate,9:F2} ({rate / floor[i],5:F2}x)"))}");

    private static async Task<ExecutionResult> Succeed(Task<ExecutionResult> run)
    {
        var result = await run;
        return result.Succeeded ? result : throw new InvalidOperationException($"run failed: exit {result.ExitCode}, {result.Error?.Message} {result.Stderr}");
    }
}
