namespace Sandbox.Analyzers.Internal;

/// <summary>
/// Runtime option types of Sandbox.Core that SBX0014/SBX0015 look at. Named, not referenced: the analyzers ship in
/// the Abstractions package and must work whether or not a compilation references Sandbox.Core.
/// </summary>
internal static class CoreTypeNames
{
    public const string SandboxOptions = "Sandbox.Core.SandboxOptions";

    public const string RunOptions = "Sandbox.Core.RunOptions";
}
