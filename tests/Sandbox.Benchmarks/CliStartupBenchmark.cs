using Sandbox.TestUtilities;

namespace Sandbox.Benchmarks;

/// <summary>
/// Whole-process figures for the `sandbox` command, as a user pays them: start-up (`--version`), a Docker run against
/// `docker run --rm` with the same security flags, and a host-executor run. The CLI measured is the launcher's build
/// (JIT) unless `--cli PATH` names another (e.g. a ReadyToRun publish: `dotnet publish src/Sandbox.Cli -c Release
/// -r linux-x64 --self-contained false -o DIR`, whose `DIR/sandbox` is then passed).
/// </summary>
internal sealed class CliStartupBenchmark : IBenchmark
{
    private static readonly string[] Command = ["python3", "-c", "pass"];

    public string Name => "cli";

    public string Description => "whole-process `sandbox` runs vs `docker run --rm` (args: [iterations] [--cli PATH])";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        var cliIndex = Array.IndexOf(args, "--cli");
        var (program, prefix) = cliIndex >= 0 && cliIndex + 1 < args.Length
            ? (args[cliIndex + 1], Array.Empty<string>())
            : ("dotnet", [RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", "Release", "net10.0", "sandbox.dll")]);
        var image = TestImages.Python;
        Console.WriteLine($"CLI `{string.Join(' ', [program, .. prefix])}`, image {image}, {iterations} runs after 2 warm-up runs each; {Measurements.MachineState()}");

        Task Sandbox(params string[] arguments) => EngineCli.RunAsync(program, [.. prefix, .. arguments], cancellationToken);
        var version = await Measurements.TimeAsync(iterations, 2, () => Sandbox("--version"));
        var docker = await Measurements.TimeAsync(iterations, 2, () => Sandbox(["run", "--executor", "docker", "--image", image, "--", .. Command]));
        var dockerCli = await Measurements.TimeAsync(iterations, 2, () => EngineCli.RunAsync("docker", [.. ContainerColdRunBenchmark.HardenedRun("docker"), image, .. Command], cancellationToken));
        var host = await Measurements.TimeAsync(iterations, 2, () => Sandbox(["run", "--executor", "host", "--", .. Command]));

        Console.WriteLine($"  sandbox --version                 {version}");
        Console.WriteLine($"  sandbox run --executor docker     {docker}");
        Console.WriteLine($"  docker run --rm (same hardening)  {dockerCli}");
        Console.WriteLine($"  sandbox run --executor host       {host}");
        Console.WriteLine($"  ratio sandbox docker run / docker run --rm  p50 {docker.P50Ms / dockerCli.P50Ms:F2}  mean {docker.MeanMs / dockerCli.MeanMs:F2}");
    }
}
