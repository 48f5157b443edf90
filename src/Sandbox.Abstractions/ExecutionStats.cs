namespace Sandbox.Abstractions;

/// <summary>Resource usage of a run. A <c>null</c> member means the executor could not measure it.</summary>
/// <param name="CpuTime">User plus system CPU time consumed by the workload.</param>
/// <param name="PeakMemoryBytes">Highest resident memory observed.</param>
public sealed record ExecutionStats(TimeSpan? CpuTime, long? PeakMemoryBytes)
{
    /// <summary>Nothing measured.</summary>
    public static ExecutionStats Unknown { get; } = new(null, null);
}
