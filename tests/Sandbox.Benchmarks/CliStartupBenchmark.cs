using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// Whole-process figures for the `sandbox` command, as a user pays them: start-up (`--version`), a Docker run against
/// `docker run --rm` with the same security flags, and a host-executor run. The baseline is the launcher's build run
/// on the JIT (`dotnet sandbox.dll`); `--tool` also packs the framework (build/packages.proj, from the Release build)
/// into a temporary feed, installs the tool from it as a user does (on linux-x64: the ReadyToRun RID package) and
/// prints its figures as ratios to the baseline; `--cli PATH` measures another `sandbox` the same way.
/// </summary>
internal sealed class CliStartupBenchmark : IBenchmark
{
    private static readonly string[] Command = ["python3", "-c", "pass"];

    public string Name => "cli";

    public string Description => "whole-process `sandbox` runs vs `docker run --rm`, installed tool vs `dotnet sandbox.dll` (args: [iterations] [--tool | --cli PATH])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        var cliIndex = Array.IndexOf(args, "--cli");
        using var feed = args.Contains("--tool") ? await LocalPackageFeed.PackAllAsync(typeof(CliStartupBenchmark).Assembly, TimeSpan.FromMinutes(10), cancellationToken) : null;
        var other = feed is not null
            ? Path.Combine(await feed.InstallToolAsync("Sandbox.Cli", TimeSpan.FromMinutes(5), cancellationToken), "sandbox")
            : cliIndex >= 0 && cliIndex + 1 < args.Length ? args[cliIndex + 1] : null;
        var image = TestImages.Python;
        var dockerCli = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("docker", [.. ContainerColdRunBenchmark.HardenedRun("docker"), image, .. Command], cancellationToken));
        Console.WriteLine($"image {image}, {iterations} runs after 2 warm-up runs each; {Measurements.MachineState()}");
        Console.WriteLine($"  docker run --rm (same hardening)  {dockerCli}");

        var jit = await MeasureAsync("dotnet sandbox.dll (JIT)", "dotnet", [RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", "Release", "net10.0", "sandbox.dll")]);
        if (other is null) return;
        var tool = await MeasureAsync(feed is null ? other : "installed tool (dotnet tool install)", other, []);
        Console.WriteLine($"  ratio {(feed is null ? "other" : "tool")} / JIT p50: --version {tool.Version.P50Ms / jit.Version.P50Ms:F2}  docker run {tool.Docker.P50Ms / jit.Docker.P50Ms:F2}  host run {tool.Host.P50Ms / jit.Host.P50Ms:F2}; {Measurements.MachineState()}");

        async Task<(Sample Version, Sample Docker, Sample Host)> MeasureAsync(string label, string program, string[] prefix)
        {
            Task Sandbox(string daemon, params string[] arguments) =>
                EngineCli.RunAsync(program, [.. prefix, .. arguments], new Dictionary<string, string> { ["SANDBOX_DAEMON"] = daemon }, cancellationToken);
            string[] dockerRun = ["run", "--executor", "docker", "--image", image, "--", .. Command];
            string[] hostRun = ["run", "--executor", "host", "--", .. Command];
            var version = await Measurements.TimeAsync(iterations, 2, () => Sandbox("off", "--version"));
            var docker = await Measurements.TimeAsync(iterations, 2, () => Sandbox("off", dockerRun));
            var host = await Measurements.TimeAsync(iterations, 2, () => Sandbox("off", hostRun));
            Console.WriteLine($"{label}:");
            Console.WriteLine($"  sandbox --version                 {version}");
            Console.WriteLine($"  sandbox run --executor docker     {docker}  (in its own process)");
            Console.WriteLine($"  sandbox run --executor host       {host}  (in its own process)");
            Console.WriteLine($"  ratio sandbox docker run / docker run --rm  p50 {docker.P50Ms / dockerCli.P50Ms:F2}  mean {docker.MeanMs / dockerCli.MeanMs:F2}");

            // Through the CLI daemon, as a user's second and later commands go: the first run starts it (untimed, with
            // the wait until it answers), then each run is timed back to back, and after a pause in which the daemon
            // has its ready sandbox back (as between commands a person types).
            var first = await Measurements.TimeAsync(1, 0, () => Sandbox("on", dockerRun));
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var backToBack = await Measurements.TimeAsync(iterations, 2, () => Sandbox("on", dockerRun));
            var paused = await Measurements.TimeAsync(iterations, 1, () => Sandbox("on", dockerRun), () => Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            var hostDaemon = await Measurements.TimeAsync(iterations, 2, () => Sandbox("on", hostRun), () => Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            await Sandbox("on", "daemon", "stop");
            Console.WriteLine($"  sandbox run --executor docker     first run, which starts the CLI daemon: {first.P50Ms:F1} ms");
            Console.WriteLine($"    through the daemon, back to back {backToBack}  ratio to docker run --rm p50 {backToBack.P50Ms / dockerCli.P50Ms:F2}");
            Console.WriteLine($"    through the daemon, 1 s apart    {paused}  ratio to docker run --rm p50 {paused.P50Ms / dockerCli.P50Ms:F2}");
            Console.WriteLine($"  sandbox run --executor host, through the daemon, 1 s apart {hostDaemon}");
            return (version, docker, host);
        }
    }
}
