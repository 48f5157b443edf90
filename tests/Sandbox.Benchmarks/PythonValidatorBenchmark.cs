using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Validators.Python;

namespace Sandbox.Benchmarks;

/// <summary>Time for the python validator to check 1 MB and 10 MB of generated, realistic Python.</summary>
internal sealed class PythonValidatorBenchmark : IBenchmark
{
    public string Name => "python-validator";

    public string Description => "python validator on 1 MB and 10 MB of generated Python";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var validator = new PythonValidator(PluginContext.Empty);
        foreach (var (megabytes, iterations, warmup) in new[] { (1, 40, 15), (10, 5, 2) })
        {
            var text = PythonSourceGenerator.Generate(megabytes * 1024 * 1024);
            var source = new SourceDocument("generated.py", "python", text);
            var findings = validator.Validate(source);
            var sample = await Measurements.TimeAsync(iterations, warmup, () =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                validator.Validate(source);
                return Task.CompletedTask;
            });
            // The minimum is the uncontended cost; p50 and p95 show what a busy machine adds.
            var best = sample.Percentile(0);
            Console.WriteLine($"{megabytes,3} MB ({text.Length:N0} chars, {text.Count(c => c == '\n'):N0} lines, {findings.Count} findings): " +
                              $"min {best:F1} ms  {sample}  ~{text.Length / 1024.0 / 1024.0 / (best / 1000.0):F0} MB/s at best");
        }

        if (File.Exists("/proc/loadavg")) Console.WriteLine($"  load average while measuring: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var once = Stopwatch.StartNew();
        validator.Validate(new SourceDocument("generated.py", "python", PythonSourceGenerator.Generate(1024 * 1024, seed: 7)));
        Console.WriteLine($"  one cold-ish 1 MB run: {once.Elapsed.TotalMilliseconds:F1} ms, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / 1024.0:F1} MB allocated (generation included)");
    }
}
