namespace Sandbox.Cli.Tests;

/// <summary>Tests that count an engine's events of this whole process: they run when no other test does.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineEventCountingCollection
{
    public const string Name = "Counts engine events";
}
