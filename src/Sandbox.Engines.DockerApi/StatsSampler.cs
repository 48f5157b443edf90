using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Samples CPU time and peak memory while the container runs. A stopped container's cgroup is gone, so the numbers
/// must be read while it runs; each sample is one <c>one-shot</c> stats call (the plain non-streaming call waits
/// ~1.25 s for a second sample). The figures are lower bounds: usage after the last sample is not seen, and a run
/// shorter than the first sample reports nothing (<see cref="ExecutionStats.Unknown"/>).
/// In a session the container outlives the command: CPU time is counted from a baseline sample taken when the command
/// starts, and the peak is the highest current usage seen (the cgroup's own maximum covers the whole session).
/// </summary>
internal sealed class StatsSampler
{
    private static readonly TimeSpan FirstSample = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);
    private readonly EngineClient _client;
    private readonly string _id;
    private readonly bool _sharedContainer;
    private ulong? _peakMemory;
    private ulong? _cpuNanoseconds;
    private ulong? _cpuBaseline;

    /// <param name="client">The engine.</param>
    /// <param name="id">The container.</param>
    /// <param name="sharedContainer">Whether the container outlives the command (a session): figures are relative to its start.</param>
    public StatsSampler(EngineClient client, string id, bool sharedContainer = false)
    {
        _client = client;
        _id = id;
        _sharedContainer = sharedContainer;
    }

    /// <summary>The figures seen so far.</summary>
    public ExecutionStats Stats => new(
        _cpuNanoseconds is { } cpu && (!_sharedContainer || _cpuBaseline is not null) ? TimeSpan.FromTicks((long)((cpu - Math.Min(cpu, _cpuBaseline ?? 0)) / 100)) : null,
        _peakMemory is { } memory ? (long)memory : null);

    /// <summary>Samples until cancelled, with a growing interval so that long runs cost little.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = FirstSample;
        try
        {
            if (_sharedContainer)
            {
                await SampleAsync(cancellationToken).ConfigureAwait(false);
                _cpuBaseline = _cpuNanoseconds ?? 0;
                _peakMemory = null;
            }

            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                await SampleAsync(cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended: sampling stops with it.
        }
        catch (SandboxException ex)
        {
            // Statistics are best effort; the run's own calls report a failing engine.
            _client.Logger.LogStatsFailure(_id, ex.Message);
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        ContainerStatsResponse? sample = null;
        await _client.CallAsync("read container statistics", ct => _client.Api.Containers.GetContainerStatsAsync(
            _id, new ContainerStatsParameters { Stream = false, OneShot = true }, new InlineProgress<ContainerStatsResponse>(s => sample = s), ct), cancellationToken).ConfigureAwait(false);
        if (sample?.MemoryStats is { } memory)
        {
            var peak = _sharedContainer ? memory.Usage : Math.Max(memory.MaxUsage, memory.Usage);
            if (peak > 0) _peakMemory = Math.Max(_peakMemory ?? 0, peak);
        }

        if (sample?.CPUStats?.CPUUsage is { TotalUsage: > 0 } cpu) _cpuNanoseconds = Math.Max(_cpuNanoseconds ?? 0, cpu.TotalUsage);
    }
}
