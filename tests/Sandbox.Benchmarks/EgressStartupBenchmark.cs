using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using Sandbox.Engines.DockerApi;
using Sandbox.Executors.Docker;
using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// What an egress allow-list adds to a Docker run that makes no request: cold, the run's network, proxy and fence (and,
/// with a secret, the run's certificate authority), against the same run with no network and on Docker's bridge; from a
/// warm pool (removal in the background, as a server runs it), a sandbox whose network and proxy were made before its
/// run, against a pooled run with no network.
/// </summary>
internal sealed class EgressStartupBenchmark : IBenchmark
{
    private static readonly string[] Command = ["python3", "-c", "pass"];

    public string Name => "egress";

    public string Description => "docker runs with an allow-list (and a secret) vs with no network, cold and pooled (args: [iterations])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        Environment.SetEnvironmentVariable("SANDBOX_BENCHMARK_TOKEN", "benchmark-token");
        using var executor = new DockerExecutor(new ContainerEngineSettings { DefaultImage = TestImages.Python });
        // Docker's default bridge shows what joining any network costs, proxy or not.
        var variants = new (string Name, NetworkPolicy Network, EgressPolicy Policy)[]
        {
            ("no network", NetworkPolicy.None, EgressPolicy.None),
            ("bridge, no proxy", NetworkPolicy.Bridge, EgressPolicy.None),
            ("allow-list", NetworkPolicy.None, EgressPolicy.Parse(["pypi.org", "files.pythonhosted.org"], null)),
            ("allow-list + secret", NetworkPolicy.None, EgressPolicy.Parse(["api.example.com"], ["api.example.com:Authorization=SANDBOX_BENCHMARK_TOKEN"])),
        };
        Console.WriteLine($"docker, image {TestImages.Python}, `{string.Join(' ', Command)}`, {iterations} runs after 2 warm-up runs each; {Measurements.MachineState()}");
        Console.WriteLine("cold:");
        Sample? baseline = null;
        foreach (var (name, network, policy) in variants)
        {
            var phases = new List<IReadOnlyList<PhaseTiming>>();
            var sample = await Measurements.TimeAsync(iterations, 2, async () => phases.Add(await RunAsync(executor, name, network, policy, cancellationToken)));
            baseline ??= sample;
            Print(name, sample, baseline, phases);
        }

        Console.WriteLine("pooled (minIdle 1, removeInBackground; each run from a ready pool):");
        baseline = null;
        foreach (var (name, network, policy) in variants.Where(v => v.Network == NetworkPolicy.None))
        {
            await using var pooled = new PooledExecutor(executor, new PoolOptions { Enabled = true, Default = PoolPolicy.Default with { MinIdle = 1, MaxSize = 2, RemoveInBackground = true } });
            var template = ExecutionRequest.For(Command) with { Egress = policy };
            var phases = new List<IReadOnlyList<PhaseTiming>>();
            var sample = await Measurements.TimeAsync(iterations, 2, async () => phases.Add(await RunAsync(pooled, name, network, policy, cancellationToken)), untimedSetup: async () =>
            {
                await pooled.WarmAsync(template, cancellationToken);
                while (pooled.GetStatus().Any(s => s.Busy > 0 || s.Starting > 0)) await Task.Delay(10, cancellationToken);
            });
            baseline ??= sample;
            Print(name, sample, baseline, phases);
        }

        Console.WriteLine(Measurements.MachineState());
    }

    private static async Task<IReadOnlyList<PhaseTiming>> RunAsync(IExecutor executor, string name, NetworkPolicy network, EgressPolicy policy, CancellationToken cancellationToken)
    {
        var result = await executor.ExecuteAsync(ExecutionRequest.For(Command) with { Network = network, Egress = policy }, cancellationToken);
        if (result.ExitCode != 0) throw new InvalidOperationException($"{name} run failed: {result.Stderr}{result.Error?.Message}");
        return result.Phases;
    }

    private static void Print(string name, Sample sample, Sample baseline, List<IReadOnlyList<PhaseTiming>> phases)
    {
        Console.WriteLine($"  {name,-20} {sample}  ratio p50 {sample.P50Ms / baseline.P50Ms:F2}  added p50 {sample.P50Ms - baseline.P50Ms:+0.0;-0.0} ms");
        var perPhase = phases.Skip(2).SelectMany(p => p).GroupBy(p => p.Name).Select(g => $"{g.Key} {new Sample([.. g.Select(p => p.Duration)]).P50Ms:F0}");
        Console.WriteLine($"  {"",-20} phases p50 (ms): {string.Join(", ", perPhase)}");
    }
}
