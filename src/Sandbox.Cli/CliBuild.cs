using System.Diagnostics.CodeAnalysis;

namespace Sandbox.Cli;

/// <summary>
/// What this build of the CLI can do itself. The managed CLI runs sandboxes in its own process; the native one
/// (Sandbox.Cli.Native, the same code compiled ahead of time) cannot load plugins, so it serves only what goes through
/// a sandbox server and hands everything else to the managed CLI (<see cref="ManagedCliHandOff"/>).
/// </summary>
internal static class CliBuild
{
    /// <summary>The feature switch the native build sets to <c>false</c>, so the trimmer drops every in-process path.</summary>
    public const string InProcessRunsSwitch = "Sandbox.Cli.InProcessRuns";

    /// <summary>Whether this process can load plugins and run sandboxes itself (always, except in the native build).</summary>
    [FeatureSwitchDefinition(InProcessRunsSwitch)]
    public static bool InProcessRuns => !AppContext.TryGetSwitch(InProcessRunsSwitch, out var enabled) || enabled;
}
