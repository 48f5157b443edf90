namespace Sandbox.Core.Tests.Diagnostics;

/// <summary>Tests that count process-wide metrics: they run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
