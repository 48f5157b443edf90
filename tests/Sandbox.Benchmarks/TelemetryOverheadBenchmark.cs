using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Core.Diagnostics;
using Sandbox.Core.Pooling;
using Sandbox.Engines.DockerApi;
using Sandbox.Executors.Docker;
using Sandbox.Telemetry;
using Sandbox.TestUtilities;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Sandbox.Benchmarks;

/// <summary>
/// What the framework's instrumentation costs a pooled run (<c>removeInBackground</c>, the cheapest run there is):
/// the same run wrapped as <c>SandboxRuntime.RunAsync</c> wraps it, with nothing listening and with in-memory listeners
/// recording every span and measurement (<c>listeners</c>), or with the OpenTelemetry SDK pipeline a host sets up
/// (<c>otel</c>: <c>AddSandboxInstrumentation</c>, a batch span exporter and a periodic metric reader, exporting to a
/// sink so that no network is timed), alternated so that the machine's drift hits both alike.
/// </summary>
internal sealed class TelemetryOverheadBenchmark : IBenchmark
{
    private static readonly string[] Command = ["python3", "-c", "pass"];

    public string Name => "telemetry";

    public string Description => "instrumentation overhead on a pooled run: none vs listening (args: [iterations] [listeners|otel], 0 = in-process cost only)";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 40;
        var otel = args.Length > 1 && args[1] == "otel";
        Func<IDisposable> listen = otel ? () => new OpenTelemetryExport() : () => new Listeners();
        var listening = otel ? "OpenTelemetry exporters" : "span and metric listeners";
        var request = ExecutionRequest.For(Command) with { Image = TestImages.Python, Id = "bench" };
        Console.WriteLine($"in-process CPU per run: {InProcessMicroseconds(request, null):F2} µs without a listener, {InProcessMicroseconds(request, listen):F2} µs with {listening}");
        if (iterations == 0) return;
        using var docker = new DockerExecutor(new ContainerEngineSettings { DefaultImage = TestImages.Python });
        await docker.HealthCheckAsync(cancellationToken);
        await using var pooled = new PooledExecutor(docker, new PoolOptions { Enabled = true, Default = PoolPolicy.Default with { MinIdle = 1, MaxSize = 2, RemoveInBackground = true } });
        Console.WriteLine($"pooled run of `{string.Join(' ', Command)}`, {iterations} runs per mode, alternating; machine: {Measurements.MachineState()}");

        var off = new List<TimeSpan>();
        var on = new List<TimeSpan>();
        for (var i = 0; i < iterations + 2; i++)
        {
            foreach (var observed in new[] { i % 2 == 0, i % 2 != 0 })
            {
                await pooled.WarmAsync(request, cancellationToken);
                while (pooled.GetStatus().Any(s => s.Busy > 0 || s.Starting > 0)) await Task.Delay(10, cancellationToken);
                using var listeners = observed ? listen() : null;
                var started = Stopwatch.GetTimestamp();
                using (var run = RunTelemetry.Start(pooled, request)) run.Complete(await pooled.ExecuteAsync(request, cancellationToken));
                if (i >= 2) (observed ? on : off).Add(Stopwatch.GetElapsedTime(started));
            }
        }

        var quiet = new Sample(off);
        var watched = new Sample(on);
        Console.WriteLine($"  no listener      {quiet}");
        Console.WriteLine($"  {(otel ? "otel exporters" : "full listeners"),-16} {watched}");
        Console.WriteLine($"  overhead p50     {watched.P50Ms - quiet.P50Ms,8:F2} ms ({(watched.P50Ms / quiet.P50Ms - 1) * 100:F1}%), ratio p50 {watched.P50Ms / quiet.P50Ms:F3}, mean {watched.MeanMs / quiet.MeanMs:F3}");
        Console.WriteLine($"  machine after    {Measurements.MachineState()}");
    }

    // The instrumentation alone, over a fake result with a typical run's eight phases: the CPU it adds (process CPU time,
    // not wall time, so a loaded machine does not inflate it).
    private static double InProcessMicroseconds(ExecutionRequest request, Func<IDisposable>? listen)
    {
        using var listeners = listen?.Invoke();
        var executor = new LimitedExecutor(new NullExecutor(), new SandboxLimiter(1));
        var result = new ExecutionResult { Executor = "docker", ExitCode = 0, SandboxId = "x", Phases = [.. "pool-acquire exec-create start run inspect collect remove queue".Split(' ').Select(p => new PhaseTiming(p, TimeSpan.FromMilliseconds(1)))] };
        const int Runs = 20_000;
        var process = Process.GetCurrentProcess();
        var started = process.TotalProcessorTime;
        for (var i = 0; i < Runs; i++)
        {
            using var run = RunTelemetry.Start(executor, request);
            for (var p = 0; p < 8; p++) PhaseTimer.StartSpan("phase")?.Dispose();
            run.Complete(result);
        }

        process.Refresh();
        return (process.TotalProcessorTime - started).TotalMicroseconds / Runs;
    }

    private sealed class Listeners : IDisposable
    {
        private readonly ActivityListener _spans = new()
        {
            ShouldListenTo = s => s.Name == SandboxTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => { },
        };

        private readonly MeterListener _meters = new() { InstrumentPublished = (i, l) => { if (i.Meter.Name == SandboxTelemetry.Name) l.EnableMeasurementEvents(i); } };

        public Listeners()
        {
            ActivitySource.AddActivityListener(_spans);
            _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _meters.Start();
        }

        public void Dispose()
        {
            _spans.Dispose();
            _meters.Dispose();
        }
    }

    // What a host registers (Sandbox.Telemetry's AddSandboxInstrumentation), exporting to a sink: the SDK's sampling,
    // batching and aggregation are timed, an exporter's network is not.
    private sealed class OpenTelemetryExport : IDisposable
    {
        private readonly TracerProvider _tracer = Sdk.CreateTracerProviderBuilder().AddSandboxInstrumentation()
            .AddProcessor(new BatchActivityExportProcessor(new Sink<Activity>())).Build()!;

        private readonly MeterProvider _meter = Sdk.CreateMeterProviderBuilder().AddSandboxInstrumentation()
            .AddReader(new PeriodicExportingMetricReader(new Sink<Metric>(), 1000)).Build()!;

        public void Dispose()
        {
            _tracer.Dispose();
            _meter.Dispose();
        }
    }

    private sealed class Sink<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }

    private sealed class NullExecutor : IExecutor
    {
        public string Name => "docker";

        public IsolationLevel IsolationLevel => IsolationLevel.Container;

        public ExecutorCapabilities Capabilities { get; } = new() { IsolationLevel = IsolationLevel.Container, Features = SandboxFeatures.None };

        public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
