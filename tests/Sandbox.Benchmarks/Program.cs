using Sandbox.Benchmarks;

IBenchmark[] benchmarks =
[
    new ContainerColdRunBenchmark(),
    new PooledRunBenchmark(),
    new PythonValidatorBenchmark(),
    new TelemetryOverheadBenchmark(),
    new CliStartupBenchmark(),
    new ScaleBenchmark(),
    new EgressStartupBenchmark(),
    new ServerBenchmark(),
];

if (args.Length == 0 || benchmarks.All(b => b.Name != args[0]))
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Sandbox.Benchmarks -- <benchmark> [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-20} {b.Description}");
    return args.Length == 0 ? 0 : 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
await benchmarks.Single(b => b.Name == args[0]).RunAsync(args[1..], cts.Token);
return 0;
