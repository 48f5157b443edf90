namespace Sandbox.Cli.Tests;

/// <summary>
/// Tests that change this process's environment (a variable every in-process CLI run reads): they run when no other
/// test does, so no other test's run writes into, or reads from, the folders they point it at.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Changes the process environment";
}
