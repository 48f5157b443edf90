using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi;
using Sandbox.Executors.Docker;
using Sandbox.Executors.Podman;
using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// Cold runs (a fresh container each) of the same image and command through our executor and through the engine's
/// own CLI (`docker run --rm`, `podman run --rm`), plus the CLI with our security flags, and the ratios.
/// </summary>
internal sealed class ContainerColdRunBenchmark : IBenchmark
{
    private static readonly string[] Command = ["python3", "-c", "pass"];

    public string Name => "container-cold-run";

    public string Description => "executor vs `docker run --rm` / `podman run --rm` (args: [iterations] [docker|podman ...])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        var engines = args.Skip(1).DefaultIfEmpty("docker").Concat(args.Length > 1 ? [] : ["podman"]).Distinct().ToList();
        var image = TestImages.Python;
        Console.WriteLine($"image {image}, command `{string.Join(' ', Command)}`, {iterations} runs after 2 warm-up runs each");
        foreach (var engine in engines)
        {
            using var executor = engine == "podman"
                ? (ContainerExecutor)new PodmanExecutor(new ContainerEngineSettings { DefaultImage = image })
                : new DockerExecutor(new ContainerEngineSettings { DefaultImage = image });
            var phases = new List<IReadOnlyList<PhaseTiming>>();
            var ours = await Measurements.TimeAsync(iterations, 2, async () =>
            {
                var result = await executor.ExecuteAsync(ExecutionRequest.For(Command), cancellationToken);
                if (result.ExitCode != 0) throw new InvalidOperationException($"{engine} run failed: {result.Stderr}");
                phases.Add(result.Phases);
            });
            var cli = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync(engine, ["run", "--rm", image, .. Command], cancellationToken));
            var hardened = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync(engine, [.. HardenedRun(engine), image, .. Command], cancellationToken));

            Console.WriteLine($"{engine}:");
            Console.WriteLine($"  executor            {ours}");
            Console.WriteLine($"  {engine} run --rm{new string(' ', 8 - engine.Length)}{cli}");
            Console.WriteLine($"  CLI, same hardening {hardened}");
            Console.WriteLine($"  ratio executor/CLI  p50 {ours.P50Ms / cli.P50Ms:F2}  mean {ours.MeanMs / cli.MeanMs:F2}  (vs hardened CLI p50 {ours.P50Ms / hardened.P50Ms:F2})");
            var perPhase = phases.Skip(2).SelectMany(p => p).GroupBy(p => p.Name)
                .Select(g => $"{g.Key} {new Sample([.. g.Select(p => p.Duration)]).P50Ms:F0}");
            Console.WriteLine($"  executor phases p50 (ms): {string.Join(", ", perPhase)}");
        }
    }

    // The flags our executor renders by default, for a like-for-like comparison.
    internal static string[] HardenedRun(string engine) =>
    [
        "run", "--rm", "--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "--user", SecurityProfile.DefaultUser, "--memory", "512m", "--memory-swap", "512m", "--cpus", "1", "--pids-limit", "128",
        "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--log-driver", "none",
        "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=64m", "--tmpfs", $"/workspace:rw,exec,nosuid,nodev,size=64m,{(engine == "podman" ? "U" : "uid=65534,gid=65534")}",
        "-w", "/workspace",
    ];
}
