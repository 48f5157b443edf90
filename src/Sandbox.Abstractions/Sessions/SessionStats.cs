namespace Sandbox.Abstractions;

/// <summary>Resource usage of a session. A <c>null</c> member means the executor cannot measure it.</summary>
/// <param name="CpuTime">CPU time consumed by everything in the session so far.</param>
/// <param name="MemoryBytes">Current memory use.</param>
/// <param name="PeakMemoryBytes">Highest memory use so far.</param>
/// <param name="Pids">Current number of processes.</param>
/// <param name="NetworkRxBytes">Bytes received over the network.</param>
/// <param name="NetworkTxBytes">Bytes sent over the network.</param>
public sealed record SessionStats(TimeSpan? CpuTime, long? MemoryBytes, long? PeakMemoryBytes, int? Pids, long? NetworkRxBytes, long? NetworkTxBytes);
