using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cleanup;
using Sandbox.Executors.Host.Files;

namespace Sandbox.Executors.Host.Tests;

/// <summary>Host executors configured for tests (shared, since probing runs a few processes) and their leftovers.</summary>
internal static class HostExecutors
{
    private static readonly Lazy<HostExecutor> LazyStrongest = new(() => Create());
    private static readonly Lazy<HostExecutor> LazyProcess = new(() => Create(new { isolation = "process" }));
    private static readonly Lazy<HostExecutor> LazyRootBubblewrap = new(() => new HostExecutor(PluginContext.Empty,
        facts => facts with { Problems = new Dictionary<Probing.Mechanism, string>(facts.Problems) { [Probing.Mechanism.UserNamespace] = "taken away by the test" } }));
    private static readonly Lazy<HostExecutor> LazyNone = new(() => Create(new { isolation = "none", useCgroups = false }));

    /// <summary>The default: the strongest isolation this machine allows.</summary>
    public static HostExecutor Strongest => LazyStrongest.Value;

    /// <summary>No namespaces: cgroups, rlimits and a dropped user.</summary>
    public static HostExecutor ProcessOnly => LazyProcess.Value;

    /// <summary>Namespaces without a user namespace: bubblewrap runs as root and setpriv switches user inside it.</summary>
    public static HostExecutor RootBubblewrap => LazyRootBubblewrap.Value;

    /// <summary>A plain child process.</summary>
    public static HostExecutor Unisolated => LazyNone.Value;

    /// <summary>A new executor with <paramref name="settings"/> (an object serialized as the executors.host section).</summary>
    public static HostExecutor Create(object? settings = null) =>
        new(new PluginContext(AppContext.BaseDirectory, settings is null ? default : JsonSerializer.SerializeToElement(settings)));

    /// <summary>
    /// Run directories of <paramref name="requestId"/> plus every cgroup owned by this process (tests do not overlap,
    /// so any run cgroup of ours after a run returned is a leak).
    /// </summary>
    public static int CountLeftovers(HostExecutor executor, string requestId) =>
        RunInventory.List(executor.TempRoot, executor.Plan.Cgroups)
            .Count(r => r.Name.Owner == RunOwner.Current
                        && (r.HasCgroup || (r.Directory is not null && RunDirectory.ReadRequestId(r.Directory) == requestId)));
}
